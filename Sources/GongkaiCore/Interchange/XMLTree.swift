import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small element tree built with Foundation's `XMLParser`, for the XML inside
/// xlsx and docx files and for Moodle XML.
public final class XMLElement: @unchecked Sendable {
    public let name: String
    public let attributes: [String: String]
    public private(set) var children: [XMLElement] = []
    /// Text directly inside this element, in order.
    public private(set) var text = ""
    /// The line the element starts on.
    public let line: Int

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    /// The local name, without a namespace prefix (`w:p` → `p`).
    public var localName: String { name.split(separator: ":").last.map(String.init) ?? name }

    public func child(_ local: String) -> XMLElement? { children.first { $0.localName == local } }
    public func all(_ local: String) -> [XMLElement] { children.filter { $0.localName == local } }

    public func attribute(_ local: String) -> String? {
        attributes[local] ?? attributes.first { $0.key.split(separator: ":").last.map(String.init) == local }?.value
    }

    /// Every element below, depth first.
    public func descendants(_ local: String) -> [XMLElement] {
        var found: [XMLElement] = []
        for child in children {
            if child.localName == local { found.append(child) }
            found += child.descendants(local)
        }
        return found
    }

    public static func parse(_ data: Data) throws -> XMLElement {
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        parser.shouldProcessNamespaces = false
        guard parser.parse(), let root = builder.root else {
            throw XMLTreeError(line: parser.lineNumber, reason: parser.parserError.map { "\($0.localizedDescription)" } ?? "not XML")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLElement] = []
        var root: XMLElement?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            let element = XMLElement(name: name, attributes: attributes, line: parser.lineNumber)
            stack.last?.children.append(element)
            if root == nil { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

        func parser(_ parser: XMLParser, foundCDATA block: Data) { stack.last?.text += String(decoding: block, as: UTF8.self) }
    }
}

public struct XMLTreeError: Error, Sendable {
    public var line: Int
    public var reason: String
}

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
        let archive = try Archive(data: Data(), accessMode: .create)
        let date = Date(timeIntervalSince1970: 1_577_836_800)
        for (path, content) in entries {
            let data = Data(content.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data ?? Data())
    }
}

enum XMLEscape {
    static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // XML 1.0 cannot hold most control characters.
                if scalar.value < 0x20, scalar != "\n", scalar != "\t", scalar != "\r" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
