#if canImport(Glibc)
import Glibc
#endif

/// What a child process writes, read from a non-blocking descriptor (a
/// pseudo-terminal master or a pipe) and kept as escape-free text, with a
/// cursor after the last match. Shared by `PseudoTerminal` and `PipeSession`.
final class ChildOutput {
    private let fd: Int32
    private var closed = false
    /// Every byte the child wrote, escapes included (for the colour tests).
    private(set) var raw: [UInt8] = []
    /// Bytes not yet decoded (an incomplete UTF-8 sequence at the end of a read).
    private var pending: [UInt8] = []
    /// Terminal output has escapes and carriage returns removed; pipe output is kept as written.
    private var stripper: EscapeStripper?
    private(set) var screen: [Unicode.Scalar] = []
    /// `screen` up to here has been matched by an earlier `expect`.
    private(set) var cursor = 0
    private(set) var ended = false
    /// The child writing it, and its exit status once reaped.
    let pid: pid_t
    private(set) var status: Int32?

    init(fd: Int32, pid: pid_t, stripEscapes: Bool) {
        self.fd = fd
        self.pid = pid
        stripper = stripEscapes ? EscapeStripper() : nil
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { close() }

    /// Closes our end; nothing more is read.
    func close() {
        guard !closed else { return }
        closed = true
        ended = true
        _ = Glibc.close(fd)
    }

    var transcript: String { String(String.UnicodeScalarView(screen)) }
    var sinceLastMatch: String { String(String.UnicodeScalarView(screen[cursor...])) }

    /// Waits until `needle` appears after the previous match; returns the text from the
    /// previous match up to the end of this one, or why it did not appear.
    func expect(_ needle: String, timeout: Double) -> Result<String, ExpectFailure> {
        let target = Array(needle.unicodeScalars)
        let deadline = Clock.now + timeout
        while true {
            if let range = find(target) {
                let segment = String(String.UnicodeScalarView(screen[cursor..<range.upperBound]))
                cursor = range.upperBound
                return .success(segment)
            }
            if ended || Clock.now >= deadline { return .failure(ended ? .ended : .timedOut) }
            pump(until: deadline)
        }
    }

    enum ExpectFailure: Error { case ended, timedOut }

    /// `expect`, throwing a failure that names the program.
    func expect(_ needle: String, timeout: Double, label: String) throws(DriveFailure) -> String {
        switch expect(needle, timeout: timeout) {
        case .success(let text): return text
        case .failure(let why):
            let reason = why == .ended ? "the program ended" : "timed out after \(Int(timeout)) s"
            throw failure(label, "expected \(String(reflecting: needle)) but \(reason)")
        }
    }

    /// Everything printed after the previous match (reads what is available now).
    func unmatched() -> String {
        pump(until: Clock.now + 0.01)
        return sinceLastMatch
    }

    /// Reads whatever arrives; returns once something was read, or at `deadline`.
    func pump(until deadline: Double) {
        guard !ended else { return }
        var buffer = [UInt8](repeating: 0, count: 65536)
        var gotData = false
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                absorb(buffer[..<n])
                gotData = true
                continue  // drain what else is there without waiting
            }
            if n == 0 || (n < 0 && errno == EIO) {
                // End of the pipe, or the terminal's slave side closed: the child has gone.
                ended = true
                decode(pending[...])
                pending.removeAll()
                return
            }
            if n < 0, errno == EINTR { continue }
            // EAGAIN: nothing more right now.
            if gotData { return }
            let remaining = deadline - Clock.now
            if remaining <= 0 { return }
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 1, Int32(min(remaining, 0.25) * 1000) + 1)
        }
    }

    /// Waits for the child to end (at most `timeout`, then kills it) and returns its exit
    /// status (128+N if killed by signal N); the same status on every later call.
    func waitForExit(timeout: Double, label: String) throws(DriveFailure) -> Int32 {
        if let status { return status }
        let code = try reap(timeout: timeout, label: label)
        status = code ?? 137
        guard let code else { throw failure(label, "the program did not exit within \(Int(timeout)) s") }
        return code
    }

    /// Kills and reaps the child unless it was reaped already (a driver let go mid-test).
    func killIfRunning() {
        guard status == nil else { return }
        Glibc.kill(pid, SIGKILL)
        var s: Int32 = 0
        _ = waitpid(pid, &s, 0)
        status = 137
    }

    /// Reaps the child (waiting at most `timeout`), then collects what it wrote just before it ended.
    /// Returns its status; nil on timeout, after killing it.
    private func reap(timeout: Double, label: String) throws(DriveFailure) -> Int32? {
        let deadline = Clock.now + timeout
        while true {
            var s: Int32 = 0
            let r = waitpid(pid, &s, WNOHANG)
            if r == pid {
                let code = (s & 0x7F) == 0 ? (s >> 8) & 0xFF : 128 + (s & 0x7F)
                let until = Clock.now + 2
                while !ended, Clock.now < until { pump(until: until) }
                return code
            }
            if r < 0, errno != EINTR { throw failure(label, "waitpid failed (errno \(errno))") }
            if Clock.now >= deadline {
                Glibc.kill(pid, SIGKILL)
                var t: Int32 = 0
                _ = waitpid(pid, &t, 0)
                return nil
            }
            pump(until: min(deadline, Clock.now + 0.05))
        }
    }

    /// A failure naming the program, with what it printed since the last match and the whole transcript.
    func failure(_ label: String, _ message: String) -> DriveFailure {
        let all = transcript
        let tail = all.count > 6000 ? "…" + String(all.suffix(6000)) : all
        let recent = sinceLastMatch
        return DriveFailure(
            description: """
                \(label): \(message)
                ── output since the last match ──
                \(recent.count > 3000 ? "…" + String(recent.suffix(3000)) : recent)
                ── transcript ──
                \(tail)
                ─────────────────
                """)
    }

    private func find(_ target: [Unicode.Scalar]) -> Range<Int>? {
        guard !target.isEmpty else { return cursor..<cursor }
        guard screen.count - cursor >= target.count else { return nil }
        var i = cursor
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

    private func absorb(_ bytes: ArraySlice<UInt8>) {
        raw.append(contentsOf: bytes)
        pending.append(contentsOf: bytes)
        let complete = UTF8Boundary.completePrefix(pending)
        guard complete > 0 else { return }
        decode(pending[..<complete])
        pending.removeFirst(complete)
    }

    private func decode(_ bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        guard stripper != nil else {
            screen.append(contentsOf: text.unicodeScalars)
            return
        }
        for scalar in text.unicodeScalars {
            if let kept = stripper!.feed(scalar) { screen.append(kept) }
        }
    }
}
