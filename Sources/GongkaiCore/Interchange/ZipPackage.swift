import Foundation
import ZIPFoundation

/// The files inside an xlsx or docx (a zip), read with ZIPFoundation.
struct ZipPackage {
    let archive: Archive

    init(bytes: [UInt8]) throws {
        archive = try Archive(data: Data(bytes), accessMode: .read)
    }

    func data(_ path: String) -> Data? {
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        guard let entry = archive[trimmed] ?? archive.first(where: { $0.path.lowercased() == trimmed.lowercased() }) else { return nil }
        var data = Data()
        guard (try? archive.extract(entry, skipCRC32: false) { data.append($0) }) != nil else { return nil }
        return data
    }

    func xml(_ path: String) throws -> XMLElement? {
        guard let data = data(path) else { return nil }
        return try XMLElement.parse(data)
    }

    /// Writes entries into a new zip, in order, deflated, with a fixed date so the same content gives the same bytes.
    static func make(_ entries: [(path: String, content: String)]) throws -> [UInt8] {
        try make(entries.map { ($0.path, Array($0.content.utf8)) })
    }

    static func make(_ entries: [(path: String, content: [UInt8])]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        let date = Date(timeIntervalSince1970: 1_577_836_800)
        for (path, content) in entries {
            let data = Data(content)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data ?? Data())
    }
}
