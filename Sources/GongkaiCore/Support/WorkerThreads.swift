#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether work may go to other threads. Under a memory limit (`ulimit -v`, `-d`) a
/// new thread's stack may not fit, and libdispatch then waits for one forever
/// (`_dispatch_temporary_resource_shortage`): a hang, deaf to Ctrl-C. Limited
/// processes do their work on the calling thread, and run out of memory with a message.
enum WorkerThreads {
    static let available: Bool = {
        var limit = rlimit()
        for resource in [RLIMIT_AS, RLIMIT_DATA] {
            if getrlimit(__rlimit_resource_t(resource.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max { return false }
        }
        return true
    }()
}
