#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a non-terminal standard input (a pipe or a file). Prompts
/// are printed as on a terminal, input is not echoed, invalid UTF-8 is
/// replaced rather than fatal, and `\r\n` line ends are accepted.
public final class PlainLineReader: LineReader {
    public let isInteractive = false
    private let output: ShellOutput
    private var buffer: [UInt8] = []
    private var atEnd = false
    /// Longer lines are cut here (the rest is discarded) rather than held in memory.
    static let maximumLineBytes = 1 << 20

    public init(output: ShellOutput) { self.output = output }

    public func readLine(prompt: String, kind: PromptKind, completer: Completer?) -> LineInput {
        output.write(prompt)
        output.flush()
        var line: [UInt8] = []
        var overflow = false
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                append(buffer[..<newline], to: &line, overflow: &overflow)
                buffer.removeSubrange(...newline)
                break
            }
            append(buffer[...], to: &line, overflow: &overflow)
            buffer.removeAll(keepingCapacity: true)
            if atEnd || !fill() {
                atEnd = true
                if line.isEmpty { return .endOfInput }
                break
            }
        }
        if line.last == 0x0D { line.removeLast() }
        return .line(String(decoding: line, as: UTF8.self))
    }

    private func append(_ bytes: ArraySlice<UInt8>, to line: inout [UInt8], overflow: inout Bool) {
        guard !overflow else { return }
        if line.count + bytes.count > Self.maximumLineBytes {
            line.append(contentsOf: bytes.prefix(Self.maximumLineBytes - line.count))
            overflow = true
        } else {
            line.append(contentsOf: bytes)
        }
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[..<n])
                return true
            }
            if n < 0, errno == EINTR { continue }
            return false
        }
    }
}
