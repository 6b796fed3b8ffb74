#if canImport(Glibc)
import Glibc
#endif

/// A failed expectation while driving a child process; carries the transcript.
struct DriveFailure: Error, CustomStringConvertible {
    var description: String
}

/// The real `gongkai` binary running on a pseudo-terminal, so that GNU readline,
/// colour, Ctrl-C and the window size behave as for a person at a terminal.
///
/// Output is accumulated; `expect` waits (with a generous deadline that only
/// guards against hangs) until a substring appears in the escape-free text after
/// the previous match, and returns everything up to the end of that match.
final class PseudoTerminal {
    let pid: pid_t
    let label: String
    private let master: Int32
    private let output: ChildOutput

    static let defaultTimeout: Double = 20

    /// Every byte the child wrote, escapes included (for the colour tests).
    var raw: [UInt8] { output.raw }
    /// The output with escapes and carriage returns removed.
    var screen: [Unicode.Scalar] { output.screen }

    /// Starts `executable` with `arguments` on a new pseudo-terminal of the given size.
    init(
        _ executable: String, arguments: [String], environment: [String: String], directory: String,
        columns: Int = 100, rows: Int = 30, label: String = "gongkai"
    ) throws {
        self.label = label
        // Everything the child needs is allocated before fork: after fork only
        // async-signal-safe calls are made (chdir, sigprocmask, execve, _exit).
        let path = strdup(executable)!
        let argv = CStringArray([executable] + arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" }.sorted())
        let cwd = strdup(directory)!
        defer {
            free(path)
            free(cwd)
        }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        var fd: Int32 = -1
        let child = forkpty(&fd, nil, nil, &size)
        if child == 0 {
            _ = chdir(cwd)
            _ = sigprocmask(SIG_SETMASK, &emptyMask, nil)
            _ = execve(path, argv.pointer, envp.pointer)
            _exit(127)
        }
        withExtendedLifetime((argv, envp)) {}
        guard child > 0 else { throw DriveFailure(description: "forkpty failed: errno \(errno)") }
        pid = child
        master = fd
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        output = ChildOutput(fd: master, pid: pid, stripEscapes: true)
    }

    deinit {
        output.killIfRunning()
        output.close()
    }

    // MARK: Input

    func send(_ text: String) throws {
        try send(bytes: Array(text.utf8))
    }

    /// Raw bytes: `\t` Tab, `\u{03}` Ctrl-C, `\u{04}` Ctrl-D, `\u{1B}[A` Up arrow, `\r` Enter.
    func send(bytes: [UInt8]) throws {
        if hungUp { throw failure("the terminal was hung up") }
        var offset = 0
        let deadline = Clock.now + Self.defaultTimeout
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n > 0 {
                offset += n
                continue
            }
            if n < 0, errno != EAGAIN, errno != EINTR {
                throw failure("cannot write to the terminal (errno \(errno))")
            }
            if Clock.now > deadline { throw failure("the terminal did not accept input") }
            // Keep reading so a child blocked on output can make progress.
            output.pump(until: Clock.now + 0.05)
        }
    }

    /// Types a line and presses Enter.
    func line(_ text: String) throws { try send(text + "\r") }

    func kill(signal: Int32) {
        _ = Glibc.kill(pid, signal)
    }

    /// Closes our side of the terminal, as when a terminal window or SSH
    /// connection goes away: the child gets SIGHUP and reads fail from then on.
    func hangUp() {
        guard !hungUp else { return }
        hungUp = true
        output.close()
    }

    private var hungUp = false

    // MARK: Output

    /// Waits until `needle` appears after the previous match; returns the text
    /// from the previous match up to the end of this one.
    @discardableResult
    func expect(_ needle: String, timeout: Double = PseudoTerminal.defaultTimeout) throws -> String {
        try output.expect(needle, timeout: timeout, label: label)
    }

    /// Everything printed after the previous match (reads what is available now).
    func unmatched() -> String { output.unmatched() }

    /// The whole escape-free transcript.
    var transcript: String { output.transcript }

    /// The whole transcript as raw text, escapes included.
    var rawText: String { String(decoding: raw, as: UTF8.self) }

    /// Waits for the process to end and returns its exit status (128+N if killed by signal N).
    @discardableResult
    func waitForExit(timeout: Double = PseudoTerminal.defaultTimeout) throws -> Int32 {
        try output.waitForExit(timeout: timeout, label: label)
    }

    func failure(_ message: String) -> DriveFailure { output.failure(label, message) }
}

/// A NULL-terminated `char *[]` that lives as long as this object.
final class CStringArray {
    let pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointer = .allocate(capacity: strings.count + 1)
        for (i, s) in strings.enumerated() { pointer[i] = strdup(s) }
        pointer[strings.count] = nil
    }

    deinit {
        for i in 0..<count { free(pointer[i]) }
        pointer.deallocate()
    }
}

enum UTF8Boundary {
    /// Length of the longest prefix that ends on a UTF-8 character boundary.
    static func completePrefix(_ bytes: [UInt8]) -> Int {
        let n = bytes.count
        var i = n - 1
        var back = 0
        while i >= 0, back < 4 {
            let b = bytes[i]
            if b & 0xC0 != 0x80 {
                let need: Int
                if b & 0x80 == 0 { need = 1 } else if b & 0xE0 == 0xC0 { need = 2 } else if b & 0xF0 == 0xE0 { need = 3 } else if b & 0xF8 == 0xF0 { need = 4 } else { need = 1 }
                return n - i >= need ? n : i
            }
            i -= 1
            back += 1
        }
        return n
    }
}

/// Removes terminal control sequences (CSI, OSC, two-byte escapes), carriage
/// returns and other C0 controls except newline and tab.
struct EscapeStripper {
    private enum State { case text, escape, csi, osc, oscEscape, charset }
    private var state = State.text

    mutating func feed(_ s: Unicode.Scalar) -> Unicode.Scalar? {
        switch state {
        case .text:
            if s == "\u{1B}" {
                state = .escape
                return nil
            }
            if s == "\n" || s == "\t" { return s }
            if s.value < 0x20 || s.value == 0x7F { return nil }
            return s
        case .escape:
            switch s {
            case "[": state = .csi
            case "]": state = .osc
            case "(", ")", "*", "+", "#", "%": state = .charset
            default: state = .text
            }
            return nil
        case .csi:
            if (0x40...0x7E).contains(s.value) { state = .text }
            return nil
        case .osc:
            if s == "\u{07}" { state = .text } else if s == "\u{1B}" { state = .oscEscape }
            return nil
        case .oscEscape:
            state = s == "\\" ? .text : .osc
            return nil
        case .charset:
            state = .text
            return nil
        }
    }

    static func strip(_ text: String) -> String {
        var stripper = EscapeStripper()
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars { if let kept = stripper.feed(s) { out.append(kept) } }
        return String(out)
    }
}

/// Monotonic seconds.
enum Clock {
    static var now: Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
