import GongkaiCore

#if canImport(Glibc)
import Glibc
#endif

/// Limits of the process checked before any work: below them the system libraries
/// (libdispatch needs descriptors for its event loop) crash instead of failing cleanly.
enum ResourceLimits {
    /// Descriptors gongkai needs: standard streams, the dispatch event loop, one file
    /// and one folder per core, the results and course folders.
    static let minimumOpenFiles = 16
    /// Asked for when the soft limit is lower and the hard limit allows it.
    static let comfortableOpenFiles = 256

    /// The limit when it is too low to run even after raising the soft limit; nil when fine.
    static func openFilesShortfall() -> Int? {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0 else { return nil }
        if limit.rlim_cur < rlim_t(comfortableOpenFiles) {
            var raised = limit
            raised.rlim_cur = min(limit.rlim_max, rlim_t(comfortableOpenFiles))
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur < rlim_t(minimumOpenFiles) ? Int(limit.rlim_cur) : nil
    }

    /// Exits with status 1 and the reason when the process cannot run safely.
    static func check(language: Language) {
        if let limit = openFilesShortfall() {
            writeStandardError(HardeningText.openFileLimit(limit: limit, needed: minimumOpenFiles).text(in: language) + "\n")
            Glibc.exit(1)
        }
        guardMemoryLimit()
    }

    /// Under `ulimit -v` (or -d) an allocation can fail, and Swift cannot recover from that: it
    /// aborts or dereferences nil. When such a limit is set, those crashes end in a clear
    /// message and status 1 instead of a backtrace. Best effort; unlimited processes keep
    /// the runtime's own crash reports.
    static func guardMemoryLimit() {
        var limit = rlimit()
        let limited = [RLIMIT_AS, RLIMIT_DATA].contains { resource in
            getrlimit(__rlimit_resource_t(resource.rawValue), &limit) == 0 && limit.rlim_cur != rlim_t.max
        }
        guard limited else { return }
        // Made now: nothing may be allocated in the handler.
        _ = outOfMemoryMessage.count
        var stack = stack_t()
        stack.ss_size = 1 << 16
        stack.ss_sp = malloc(stack.ss_size)
        stack.ss_flags = 0
        guard stack.ss_sp != nil, sigaltstack(&stack, nil) == 0 else { return }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            outOfMemoryMessage.withUnsafeBufferPointer { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
            _exit(1)
        }
        action.sa_flags = Int32(SA_ONSTACK) | Int32(bitPattern: UInt32(SA_RESETHAND))
        sigemptyset(&action.sa_mask)
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGTRAP] { sigaction(signal, &action, nil) }
    }
}

/// Said by the crash handler of `ResourceLimits.guardMemoryLimit`.
private let outOfMemoryMessage: [UInt8] = Array(("\n" + HardeningText.outOfMemory.text(in: helpLanguage) + "\n").utf8)

/// Start-up with no courses is an error: a missing, empty or linked course folder would
/// otherwise start a shell that accepts any unit name, or print an empty report.
enum CourseStartup {
    /// False (after saying why on standard error) when the library has no course.
    static func check(_ library: CourseLibrary, path: String, language: Language) -> Bool {
        guard library.courses.isEmpty else { return true }
        // Only problems of the folder itself: a course file's own diagnostics can quote the answer key,
        // and the shell is what trainees see (`gongkai validate` shows them to the office).
        for diagnostic in library.diagnostics.sortedByLocation where isAboutTheFolder(diagnostic.message) {
            writeStandardError(TerminalText.clean(diagnostic.rendered(language)) + "\n")
        }
        writeStandardError(TerminalText.clean(HardeningText.noCourses(path: path).text(in: language)) + "\n")
        return false
    }

    static func isAboutTheFolder(_ message: ValidationMessage) -> Bool {
        switch message {
        case .pathNotFound, .noYAMLFiles, .symlinkNotFollowed, .fileProblem, .cannotRead, .notUTF8: return true
        default: return false
        }
    }
}

/// `--seed -1`: the argument parser takes `-1` for an option and says the value is missing.
enum SeedArgument {
    /// The value given to `--seed` when it is not a non-negative integer.
    static func badValue(_ arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            let value: String?
            if argument == "--seed" {
                value = index + 1 < arguments.count ? arguments[index + 1] : nil
            } else if argument.hasPrefix("--seed=") {
                value = String(argument.dropFirst(7))
            } else {
                continue
            }
            if let value, UInt64(value) == nil, value.hasPrefix("-") { return value }
        }
        return nil
    }
}
