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
    /// Every byte the child wrote, escapes included (for the colour tests).
    private(set) var raw: [UInt8] = []
    /// Bytes not yet decoded (an incomplete UTF-8 sequence at the end of a read).
    private var pending: [UInt8] = []
    private var stripper = EscapeStripper()
    /// The output with escapes and carriage returns removed.
    private(set) var screen: [Unicode.Scalar] = []
    /// `screen` up to here has been matched by an earlier `expect`.
    private var cursor = 0
    private var endOfOutput = false
    private var status: Int32?

    static let defaultTimeout: Double = 20

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
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if status == nil {
            Glibc.kill(pid, SIGKILL)
            var s: Int32 = 0
            _ = waitpid(pid, &s, 0)
        }
        if !hungUp { close(master) }
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
            pump(until: Clock.now + 0.05)
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
        endOfOutput = true
        close(master)
    }

    private var hungUp = false

    // MARK: Output

    /// Waits until `needle` appears after the previous match; returns the text
    /// from the previous match up to the end of this one.
    @discardableResult
    func expect(_ needle: String, timeout: Double = PseudoTerminal.defaultTimeout) throws -> String {
        let target = Array(needle.unicodeScalars)
        let deadline = Clock.now + timeout
        while true {
            if let range = find(target, from: cursor) {
                let segment = String(String.UnicodeScalarView(screen[cursor..<range.upperBound]))
                cursor = range.upperBound
                return segment
            }
            if endOfOutput || Clock.now >= deadline {
                let why = endOfOutput ? "the program ended" : "timed out after \(Int(timeout)) s"
                throw failure("expected \(String(reflecting: needle)) but \(why)")
            }
            pump(until: deadline)
        }
    }

    /// Everything printed after the previous match (reads what is available now).
    func unmatched() -> String {
        pump(until: Clock.now + 0.01)
        return String(String.UnicodeScalarView(screen[cursor...]))
    }

    /// The whole escape-free transcript.
    var transcript: String { String(String.UnicodeScalarView(screen)) }

    /// The whole transcript as raw text, escapes included.
    var rawText: String { String(decoding: raw, as: UTF8.self) }

    /// Waits for the process to end and returns its exit status (128+N if killed by signal N).
    @discardableResult
    func waitForExit(timeout: Double = PseudoTerminal.defaultTimeout) throws -> Int32 {
        if let status { return status }
        let deadline = Clock.now + timeout
        while true {
            var s: Int32 = 0
            let r = waitpid(pid, &s, WNOHANG)
            if r == pid {
                let code = (s & 0x7F) == 0 ? (s >> 8) & 0xFF : 128 + (s & 0x7F)
                status = code
                // Collect what the child wrote just before it ended.
                let until = Clock.now + 2
                while !endOfOutput, Clock.now < until { pump(until: until) }
                return code
            }
            if r < 0, errno != EINTR { throw failure("waitpid failed (errno \(errno))") }
            if Clock.now >= deadline {
                Glibc.kill(pid, SIGKILL)
                var t: Int32 = 0
                _ = waitpid(pid, &t, 0)
                status = 137
                throw failure("the program did not exit within \(Int(timeout)) s")
            }
            pump(until: min(deadline, Clock.now + 0.05))
        }
    }

    func failure(_ message: String) -> DriveFailure {
        let all = transcript
        let tail = all.count > 6000 ? "…" + String(all.suffix(6000)) : all
        let unmatchedTail = String(String.UnicodeScalarView(screen[cursor...]))
        return DriveFailure(
            description: """
                \(label): \(message)
                ── output since the last match ──
                \(unmatchedTail.count > 3000 ? "…" + String(unmatchedTail.suffix(3000)) : unmatchedTail)
                ── transcript ──
                \(tail)
                ─────────────────
                """)
    }

    // MARK: Reading

    private func find(_ target: [Unicode.Scalar], from start: Int) -> Range<Int>? {
        guard !target.isEmpty else { return start..<start }
        guard screen.count - start >= target.count else { return nil }
        var i = start
        let last = screen.count - target.count
        while i <= last {
            if screen[i] == target[0] {
                var j = 1
                while j < target.count, screen[i + j] == target[j] { j += 1 }
                if j == target.count { return i..<(i + target.count) }
            }
            i += 1
        }
        return nil
    }

    /// Reads whatever arrives; returns once something was read, or at `deadline`.
    private func pump(until deadline: Double) {
        guard !endOfOutput else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        var gotData = false
        while true {
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n > 0 {
                absorb(buffer[..<n])
                gotData = true
                continue  // drain what else is there without waiting
            }
            if n == 0 || (n < 0 && errno == EIO) {
                // The slave side is closed: the child (and anything it started) has gone.
                endOfOutput = true
                flushPending()
                return
            }
            if n < 0, errno == EINTR { continue }
            // EAGAIN: nothing more right now.
            if gotData { return }
            let remaining = deadline - Clock.now
            if remaining <= 0 { return }
            var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 1, Int32(min(remaining, 0.25) * 1000) + 1)
        }
    }

    private func absorb(_ bytes: ArraySlice<UInt8>) {
        raw.append(contentsOf: bytes)
        pending.append(contentsOf: bytes)
        let complete = UTF8Boundary.completePrefix(pending)
        guard complete > 0 else { return }
        let text = String(decoding: pending[..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        for scalar in text.unicodeScalars {
            if let kept = stripper.feed(scalar) { screen.append(kept) }
        }
    }

    private func flushPending() {
        guard !pending.isEmpty else { return }
        let text = String(decoding: pending, as: UTF8.self)
        pending.removeAll()
        for scalar in text.unicodeScalars {
            if let kept = stripper.feed(scalar) { screen.append(kept) }
        }
    }
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
