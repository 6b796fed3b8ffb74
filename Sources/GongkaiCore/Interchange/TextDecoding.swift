import Foundation

#if canImport(CoreFoundation)
import CoreFoundation
#endif

/// Text files from Windows offices: UTF-8 with or without a BOM, or GBK / GB18030 (what
/// WPS and Chinese Excel save as "ANSI" / "CSV (逗号分隔)"). Foundation decodes GB18030
/// (a superset of GBK) on every platform through CoreFoundation's encoding tables.
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8, utf8BOM = "utf8-bom", gb18030 }

    static let gb18030 = String.Encoding(
        rawValue: CFStringConvertEncodingToNSStringEncoding(CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))

    /// The text and how it was encoded; nil when it is neither valid UTF-8 nor GB18030.
    public static func detect(_ bytes: [UInt8]) -> (text: String, encoding: Encoding)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else { return nil }
            return (text, .utf8BOM)
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        if let text = String(data: Data(bytes), encoding: gb18030) { return (text, .gb18030) }
        return nil
    }

    public static func decode(_ bytes: [UInt8]) -> String? { detect(bytes)?.text }

    public static func encodeGB18030(_ text: String) -> [UInt8]? { text.data(using: gb18030).map { [UInt8]($0) } }

    /// Lines without their CR / LF.
    public static func lines(_ text: String) -> [String] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
    }
}
