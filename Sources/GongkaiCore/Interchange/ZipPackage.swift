import Foundation
import ZIPFoundation

#if canImport(Glibc)
import Glibc
#endif

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

    /// A zip written entry by entry into a scratch file that has no name (made in `directory`, else
    /// `$TMPDIR`, else `/tmp`, and unlinked once open, so nothing is left behind however the run
    /// ends), then handed on a stretch at a time (`copy`): a workbook too large to hold. The same
    /// entries give the bytes `make` gives.
    final class FileWriter {
        private var archive: Archive?
        private let fd: Int32
        static let date = Date(timeIntervalSince1970: 1_577_836_800)

        init(directory: String?) throws {
            let folder = ScratchFile.folder(directory)
            // A unique name from mkstemp, given up for the archive to create (it wants a new file).
            var template = Array((folder + "/.gongkai-zip-XXXXXX").utf8CString)
            let reserved = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard reserved >= 0 else { throw SpillError(reason: "\(folder): " + String(cString: strerror(errno))) }
            close(reserved)
            let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            unlink(path)
            do {
                archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create, pathEncoding: nil) as Archive
            } catch {
                unlink(path)
                throw error
            }
            let fd = open(path, O_RDONLY)
            let problem = errno
            unlink(path)
            guard fd >= 0 else { throw SpillError(reason: "\(path): " + String(cString: strerror(problem))) }
            self.fd = fd
        }

        deinit { close(fd) }

        /// An entry held whole, deflated, as `make` writes it.
        func add(_ path: String, _ content: [UInt8]) throws {
            let data = Data(content)
            try add(path, size: Int64(data.count)) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }

        /// An entry of `size` bytes made as it is written: `provider` gives the bytes from `position`, `size` of them, in order.
        func add(_ path: String, size: Int64, provider: (_ position: Int64, _ size: Int) throws -> Data) throws {
            guard let archive else { throw SpillError(reason: "the archive is closed") }
            try withoutActuallyEscaping(provider) { provider in
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: size, modificationDate: Self.date, compressionMethod: .deflate, provider: provider)
            }
        }

        /// Closes the archive and hands its bytes on, `chunk` at a time.
        func copy(chunk: Int, to emit: ([UInt8]) throws -> Void) throws {
            archive = nil
            var offset: off_t = 0
            var buffer = [UInt8](repeating: 0, count: max(chunk, 4096))
            while true {
                let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SpillError(reason: String(cString: strerror(errno)))
                }
                if n == 0 { return }
                try emit(Array(buffer[..<n]))
                offset += off_t(n)
            }
        }
    }
}

/// A scratch file's problem as a message shows it (`cannot write …: /tmp: No space left on device`).
extension SpillError: CustomStringConvertible {
    var description: String { reason }
}
