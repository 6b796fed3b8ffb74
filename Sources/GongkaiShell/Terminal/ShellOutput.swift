import GongkaiCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the shell writes. Standard output in the product, a buffer in tests.
public protocol ShellOutput: AnyObject {
    func write(_ text: String)
    func flush()
}

extension ShellOutput {
    public func line(_ text: String = "") { write(text + "\n") }
}

/// Unbuffered writes to a file descriptor, so nothing is pending when readline
/// takes over the terminal or the process is killed.
public final class StandardOutput: ShellOutput {
    let fd: Int32

    public init(fd: Int32 = STDOUT_FILENO) { self.fd = fd }

    /// Everything the shell shows passes here: names and paths from records, course files and the
    /// file system reach the terminal only with their control characters made visible.
    public func write(_ text: String) { writeAll(fd, TerminalText.clean(text, keepingColour: true)) }

    public func flush() {}
}

/// Writes every byte, retrying after signals; a closed pipe ends the write silently.
func writeAll(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeMutableBytes { raw in
            #if canImport(Glibc)
            Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            #else
            Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
            #endif
        }
        if n < 0 {
            if errno == EINTR || errno == EAGAIN { continue }
            return
        }
        offset += n
    }
    bytes.removeAll()
}

/// Collects everything written, for tests.
public final class CapturedOutput: ShellOutput {
    public private(set) var text = ""

    public init() {}

    public func write(_ text: String) { self.text += text }

    public func flush() {}
}

/// Terminal facts the shell needs: size and whether colour is welcome.
public struct TerminalInfo: Sendable {
    public var columns: @Sendable () -> Int
    public var rows: @Sendable () -> Int
    public var color: Bool

    public init(columns: @escaping @Sendable () -> Int, rows: @escaping @Sendable () -> Int, color: Bool) {
        self.columns = columns
        self.rows = rows
        self.color = color
    }

    public static func fixed(columns: Int = 80, rows: Int = 24, color: Bool = false) -> TerminalInfo {
        TerminalInfo(columns: { columns }, rows: { rows }, color: color)
    }

    /// The real terminal: size from the tty (else `COLUMNS`/`LINES`, else 80×24);
    /// colour only on a tty, never with `NO_COLOR` or `TERM=dumb`.
    public static func current(environment: [String: String]) -> TerminalInfo {
        let isTTY = isatty(STDOUT_FILENO) != 0
        let term = environment["TERM"] ?? ""
        let color = isTTY && environment["NO_COLOR"] == nil && term != "dumb" && !term.isEmpty
        let envColumns = environment["COLUMNS"].flatMap(Int.init)
        let envRows = environment["LINES"].flatMap(Int.init)
        return TerminalInfo(
            columns: { windowSize()?.columns ?? envColumns ?? 80 },
            rows: { windowSize()?.rows ?? envRows ?? 24 },
            color: color)
    }

    static func windowSize() -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}

/// ANSI styling that disappears when colour is off.
public struct Style: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    private func wrap(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func bold(_ text: String) -> String { wrap("1", text) }
    public func dim(_ text: String) -> String { wrap("2", text) }
    public func good(_ text: String) -> String { wrap("32", text) }
    public func bad(_ text: String) -> String { wrap("31", text) }
    public func warn(_ text: String) -> String { wrap("33", text) }
    public func accent(_ text: String) -> String { wrap("36", text) }
}
