import Foundation

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
