import CReadline
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Write end of the self-pipe that signal handlers use to wake the input loop.
private let signalPipeWrite = Atomic<Int32>(-1)

/// Swift-side state that readline's C callbacks reach. Readline calls back on
/// the thread that called `rl_callback_read_char`, but the state still lives
/// behind a lock rather than in unsafe globals.
private struct CallbackState: ~Copyable {
    var completer: Completer?
    var finishedLine: String?
    var lineDone = false
    var endOfInput = false
}

private let callbackState = Mutex(CallbackState())

/// GNU readline through its callback interface, so that Ctrl-C, a resized
/// window and SIGTERM are handled between keystrokes in one `poll` loop.
public final class ReadlineLineReader: LineReader {
    public let isInteractive = true
    private let historyFile: String?
    private var signalPipeRead: Int32 = -1
    private var previousHandlers: [Int32: sigaction] = [:]

    /// - Parameter historyFile: where command history is kept across runs (nil: not kept).
    public init(historyFile: String?) {
        self.historyFile = historyFile
        creadline_set_name("gongkai")
        creadline_set_catch_signals(0)
        creadline_set_completion(readlineCompletion)
        creadline_stifle_history(1000)
        if let historyFile { _ = creadline_read_history(historyFile) }
        installSignalHandlers()
    }

    deinit {
        if let historyFile { _ = creadline_truncate_history(historyFile, 1000) }
        for (signal, var action) in previousHandlers { sigaction(signal, &action, nil) }
    }

    private func installSignalHandlers() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        signalPipeRead = fds[0]
        signalPipeWrite.store(fds[1], ordering: .relaxed)
        for signal in [SIGINT, SIGWINCH, SIGTERM, SIGHUP] {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { signal in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: signal)
                _ = write(signalPipeWrite.load(ordering: .relaxed), &byte, 1)
                errno = saved
            }
            #else
            action.__sigaction_u.__sa_handler = { signal in
                let saved = errno
                var byte = UInt8(truncatingIfNeeded: signal)
                _ = write(signalPipeWrite.load(ordering: .relaxed), &byte, 1)
                errno = saved
            }
            #endif
            sigemptyset(&action.sa_mask)
            // Restart interrupted file writes; poll(2) still returns EINTR, which is what wakes the loop.
            action.sa_flags = SA_RESTART
            var previous = sigaction()
            sigaction(signal, &action, &previous)
            previousHandlers[signal] = previous
        }
    }

    /// Signals that arrived since the last call.
    private func drainSignals() -> [Int32] {
        var signals: [Int32] = []
        var byte: UInt8 = 0
        while signalPipeRead >= 0, read(signalPipeRead, &byte, 1) == 1 { signals.append(Int32(byte)) }
        return signals
    }

    public func readLine(prompt: String, kind: PromptKind, completer: Completer?) -> LineInput {
        // A Ctrl-C pressed while a command was running is not meant for this prompt.
        let stale = drainSignals()
        if stale.contains(SIGTERM) || stale.contains(SIGHUP) { return .endOfInput }
        // A window resized while a command ran still matters.
        let resized = stale.contains(SIGWINCH)

        callbackState.withLock {
            $0.completer = completer
            $0.finishedLine = nil
            $0.lineDone = false
            $0.endOfInput = false
        }
        let savedHistory = kind == .command ? nil : creadline_detach_history()
        defer { creadline_restore_history(savedHistory) }

        if resized { creadline_resize() }
        creadline_install(prompt, readlineLineHandler)
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: signalPipeRead, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                creadline_remove()
                return .endOfInput
            }
            if fds[1].revents != 0 {
                let signals = drainSignals()
                if signals.contains(SIGTERM) || signals.contains(SIGHUP) {
                    creadline_cancel_line()
                    return .endOfInput
                }
                if signals.contains(SIGWINCH) { creadline_resize() }
                if signals.contains(SIGINT) {
                    // The cursor is still after the typed text: mark the cancel there, then let readline clean up.
                    writeAll(STDOUT_FILENO, "^C\n")
                    creadline_cancel_line()
                    return .interrupt
                }
            }
            if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                creadline_read_char()
                let result: LineInput? = callbackState.withLock { state in
                    if state.endOfInput { return .endOfInput }
                    if state.lineDone { return .line(state.finishedLine ?? "") }
                    return nil
                }
                if let result {
                    creadline_remove()
                    if case .line(let text) = result, kind == .command, !text.allSatisfy(\.isWhitespace) {
                        remember(text)
                    }
                    return result
                }
                if fds[0].revents & Int16(POLLHUP | POLLERR) != 0, fds[0].revents & Int16(POLLIN) == 0 {
                    creadline_remove()
                    return .endOfInput
                }
            }
        }
    }

    private func remember(_ line: String) {
        creadline_add_history(line)
        // Appended at once, so a killed shell keeps its history.
        if let historyFile {
            if access(historyFile, F_OK) != 0 { _ = creadline_write_history(historyFile) } else { _ = creadline_append_history(1, historyFile) }
        }
    }
}

/// Called by readline with the finished line (malloc'd, ours to free) or NULL at EOF.
private func readlineLineHandler(_ line: UnsafeMutablePointer<CChar>?) {
    callbackState.withLock { state in
        if let line {
            state.finishedLine = String(decoding: UnsafeRawBufferPointer(start: line, count: strlen(line)), as: UTF8.self)
            state.lineDone = true
        } else {
            state.endOfInput = true
        }
    }
    free(line)
    // Stop readline from echoing a second prompt before we remove the handler.
    creadline_remove()
}

/// Readline's completion hook: asks the current `Completer` and hands back a
/// malloc'd, NULL-terminated array (common prefix first), as readline expects.
private func readlineCompletion(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    creadline_completion_over()
    guard let text, let buffer = creadline_line_buffer() else { return nil }
    let word = String(cString: text)
    let prefixBytes = UnsafeRawBufferPointer(start: buffer, count: Int(max(start, 0)))
    let linePrefix = String(decoding: prefixBytes, as: UTF8.self)
    guard let completer = callbackState.withLock({ $0.completer }) else { return nil }
    let candidates = completer(linePrefix, word).filter { $0.hasPrefix(word) }
    guard !candidates.isEmpty else { return nil }
    creadline_set_completion_append_character(candidates.count == 1 ? 32 : 0)
    let common = candidates.dropFirst().reduce(candidates[0]) { $0.commonPrefix(with: $1) }
    let entries = [common] + (candidates.count == 1 ? [] : candidates)
    // readline frees the array and each string with free(3): allocate them with malloc.
    guard let raw = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1)) else { return nil }
    let matches = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
    for (index, entry) in entries.enumerated() { matches[index] = creadline_strdup(entry) }
    matches[entries.count] = nil
    return matches
}

extension String {
    /// Common prefix by whole characters (never splits a multi-byte character).
    func commonPrefix(with other: String) -> String {
        var result = ""
        for (a, b) in zip(self, other) {
            guard a == b else { break }
            result.append(a)
        }
        return result
    }
}
