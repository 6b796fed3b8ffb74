import Dispatch

/// `map` over every core, preserving order. Work is handed out in chunks so
/// that a slow file does not hold up a whole half of the list.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ input: [T], chunk: Int = 256, _ transform: @Sendable (T) -> R) -> [R] {
        guard input.count > chunk, WorkerThreads.available else { return input.map(transform) }
        let results = ResultBuffer<R>(count: input.count)
        let chunks = (input.count + chunk - 1) / chunk
        input.withUnsafeBufferPointer { source in
            let source = UnsafeSendableBuffer(base: source)
            DispatchQueue.concurrentPerform(iterations: chunks) { index in
                let lower = index * chunk
                let upper = min(lower + chunk, source.base.count)
                for position in lower..<upper { results.set(position, transform(source.base[position])) }
            }
        }
        return results.take()
    }
}

/// Each slot is written by exactly one worker, then read once after all finish.
private final class ResultBuffer<R>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<R>
    private let count: Int

    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
    }

    func set(_ index: Int, _ value: R) { (storage + index).initialize(to: value) }

    /// Moves the results out: no element is copied (or retained) twice.
    func take() -> [R] {
        Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: storage, count: count)
            initialized = count
        }
    }

    deinit { storage.deallocate() }
}

private struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let base: UnsafeBufferPointer<T>
}
