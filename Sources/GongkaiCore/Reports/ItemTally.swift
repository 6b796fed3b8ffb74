import Foundation

/// Item analysis summed while attempts stream past, so that `report items` never
/// holds every item of every attempt. Its size grows with the number of questions
/// and of distinct (item score, rest-of-test score) pairs and wrong answers, never
/// with the number of attempts (see `stateSize`).
///
/// Each question keeps a histogram of (item score, rest score) pairs rather than
/// running sums: tallies of different stretches of attempts merge exactly in any
/// order, and the correlation is computed from it in two passes (means first), in a
/// fixed order, as `ItemStatistics.pearson` computes it from the lists. The figures
/// agree with the all-in-memory computation to the last printed decimal; the last
/// bit of a mean may differ, as the sum is taken in another order.
public struct ItemTally: Sendable {
    struct Key: Hashable, Sendable {
        var course: String
        var question: String
    }

    struct Pair: Hashable, Sendable {
        var x: Double
        var y: Double
    }

    struct Counts: Sendable {
        var pairs: [Pair: Int] = [:]
        var correct = 0
        var wrong: [String: Int] = [:]
        /// Attempts whose items name the question (scored or not), and the first of them:
        /// (attempt order, item index), for questions no longer in the course file.
        var mentions = 0
        var first = (Int.max, Int.max)
    }

    /// Each question's counts, in the order first tallied, and its key beside it.
    private var keys: [Key] = []
    private var counts: [Counts] = []
    /// Where each question's counts are, by course and then question: the course is looked up once
    /// an attempt, so an item costs one hash of its question (15 million items a million attempts).
    private var slots: [String: [String: Int]] = [:]

    /// Every question tallied, with its counts.
    var questions: [Key: Counts] { Dictionary(uniqueKeysWithValues: zip(keys, counts)) }

    public init() {}

    /// The tally of `attempts` (all of them: the caller filters), in this order.
    public init(_ attempts: [AttemptSummary]) {
        for (order, attempt) in attempts.enumerated() { add(attempt, order: order) }
    }

    /// The slot of `question` among `courseSlots` (the slots of `course`), made when new.
    private mutating func slot(course: String, question: String, in courseSlots: inout [String: Int]) -> Int {
        if let slot = courseSlots[question] { return slot }
        let slot = counts.count
        courseSlots[question] = slot
        keys.append(Key(course: course, question: question))
        counts.append(Counts())
        return slot
    }

    /// Adds one attempt; `order` is its place among the attempts (for questions that only records know).
    public mutating func add(_ attempt: AttemptSummary, order: Int) {
        let items = attempt.items
        guard !items.isEmpty else { return }
        // Each item's question as the place of its first item, then the comparisons below are of
        // numbers. A few items are compared with each other (the same question's strings are
        // usually one storage); many get one hash a question.
        var group = [Int](repeating: 0, count: items.count)
        if items.count <= 32 {
            for index in items.indices {
                group[index] = index
                for earlier in 0..<index where group[earlier] == earlier && items[earlier].question == items[index].question {
                    group[index] = earlier
                    break
                }
            }
        } else {
            var first: [String: Int] = [:]
            first.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                if let earlier = first[item.question] {
                    group[index] = earlier
                } else {
                    first[item.question] = index
                    group[index] = index
                }
            }
        }
        // Taken out while it changes, so that it is not copied.
        var courseSlots = slots.removeValue(forKey: attempt.course) ?? [:]
        for (index, item) in items.enumerated() {
            // A question is judged by its first item in the attempt; the rest of the test is every other question's.
            guard group[index] == index else { continue }
            let slot = slot(course: attempt.course, question: item.question, in: &courseSlots)
            Self.count(item, at: (order, index), of: items, group: group, into: &counts[slot])
        }
        slots[attempt.course] = courseSlots
    }

    private static func count(
        _ item: AttemptSummary.Item, at place: (Int, Int), of items: [AttemptSummary.Item], group: [Int], into counts: inout Counts
    ) {
        counts.mentions += 1
        if place < counts.first { counts.first = place }
        guard item.max > 0 else { return }
        // Summed in the items' order, as always: the same figures to the last bit.
        var restPoints = 0.0, restMax = 0.0
        for (index, other) in items.enumerated() where group[index] != place.1 {
            restPoints += other.points
            restMax += other.max
        }
        counts.pairs[Pair(x: item.points / item.max, y: restMax > 0 ? restPoints / restMax : 0), default: 0] += 1
        if item.isCorrect {
            counts.correct += 1
        } else if let response = item.response {
            counts.wrong[response, default: 0] += 1
        }
    }

    /// Adds another tally (of other attempts): the result does not depend on the order of merging.
    public mutating func merge(_ other: ItemTally) {
        for (key, theirs) in zip(other.keys, other.counts) {
            var courseSlots = slots.removeValue(forKey: key.course) ?? [:]
            let slot = slot(course: key.course, question: key.question, in: &courseSlots)
            slots[key.course] = courseSlots
            counts[slot].pairs.merge(theirs.pairs, uniquingKeysWith: +)
            counts[slot].correct += theirs.correct
            counts[slot].wrong.merge(theirs.wrong, uniquingKeysWith: +)
            counts[slot].mentions += theirs.mentions
            if theirs.first < counts[slot].first { counts[slot].first = theirs.first }
        }
    }

    /// How many values the tally holds: bounded by questions, score pairs and distinct wrong answers.
    public var stateSize: Int {
        counts.reduce(counts.count) { $0 + $1.pairs.count + $1.wrong.count }
    }

    /// The questions of `course` named in the tallied attempts, in the order they first appear.
    public func questionsSeen(course: String) -> [String] {
        zip(keys, counts).filter { $0.0.course == course && $0.1.mentions > 0 }
            .sorted { $0.1.first < $1.1.first }
            .map(\.0.question)
    }

    /// The figures of each of `questions`, as `ItemStatistics.compute` gives them.
    public func statistics(course: String, questions ids: [String]) -> [ItemStatistics] {
        ids.map { question in
            let counts = slots[course]?[question].map { self.counts[$0] } ?? Counts()
            // A fixed order, so that two runs sum the same way whatever the dictionary's.
            let pairs = counts.pairs.sorted { ($0.key.x, $0.key.y) < ($1.key.x, $1.key.y) }
            let n = pairs.reduce(0) { $0 + $1.value }
            let facility = n > 0 ? Double(counts.correct) / Double(n) : nil
            let discrimination = Self.pearson(pairs.map { ($0.key.x, $0.key.y, $0.value) }, count: n)
            let wrong = counts.wrong.max { ($0.value, $1.key) < ($1.value, $0.key) }
            return ItemStatistics.judged(
                course: course, question: question, answered: n, facility: facility, discrimination: discrimination,
                commonWrong: wrong?.key, commonWrongCount: wrong?.value ?? 0)
        }
    }

    /// Pearson correlation of a histogram of pairs; nil when undefined (fewer than 3 pairs or no variance).
    static func pearson(_ pairs: [(x: Double, y: Double, count: Int)], count n: Int) -> Double? {
        guard n >= 3 else { return nil }
        var sx = 0.0, sy = 0.0
        for p in pairs {
            sx += p.x * Double(p.count)
            sy += p.y * Double(p.count)
        }
        let mx = sx / Double(n), my = sy / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for p in pairs {
            let c = Double(p.count), dx = p.x - mx, dy = p.y - my
            sxy += c * dx * dy
            sxx += c * dx * dx
            syy += c * dy * dy
        }
        guard sxx > 1e-12, syy > 1e-12 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}

/// Where the attempts of a `RecordSet` loaded with `Needs.itemStream` are, so that their
/// items are read again a stretch at a time and summed (`tally`), never all held at once.
public final class ItemSource: Sendable {
    /// One folder of records: its names, shared with the listing (not copied per file).
    struct Folder: Sendable {
        var directory: String
        var names: PackedNames
    }

    let loader: AttemptLoader
    let folders: [Folder]
    /// For each summary of the set, in order: its folder (high 32 bits) and its name's place there.
    let sources: [UInt64]
    /// The summary caches read, and for each summary where its items are in them: the cache's number
    /// (high 16 bits) and its entry's offset + 1; 0 when they are not cached (then the file is read).
    let caches: [SummaryCache.Index]
    let cacheEntries: [UInt64]

    init(loader: AttemptLoader, folders: [Folder], sources: [UInt64], caches: [SummaryCache.Index] = [], cacheEntries: [UInt64] = []) {
        self.loader = loader
        self.folders = folders
        self.sources = sources
        self.caches = caches
        self.cacheEntries = cacheEntries
    }

    /// The items of the summary at `index` from the cache, when they are there.
    func cachedItems(at index: Int) -> [AttemptSummary.Item]? {
        guard index < cacheEntries.count else { return nil }
        let entry = cacheEntries[index]
        guard entry != 0 else { return nil }
        return SummaryCache.items(caches[Int(entry >> 48)], at: Int(entry & 0xFFFF_FFFF_FFFF) - 1)
    }

    /// The file of the summary at `index`.
    func path(at index: Int) -> String {
        let source = sources[index]
        let folder = folders[Int(source >> 32)]
        return PathJoin.join(folder.directory, folder.names.string(Int(source & 0xFFFF_FFFF)))
    }

    /// Files read in one stretch of work; each stretch sums into a tally of its own, merged under a lock.
    static let stretch = 512

    /// The items of the attempts at the places where `counted` is true, summed. `attempts` are the
    /// set's summaries: a file that no longer holds the attempt it held (replaced since) is left out.
    public func tally(counted: [Bool], attempts: [AttemptSummary]) -> ItemTally {
        let total = TallyBox()
        let count = min(sources.count, counted.count, attempts.count)
        _ = ParallelMap.map(Array(stride(from: 0, to: count, by: Self.stretch)), chunk: 1) { start -> Int in
            var local = ItemTally()
            for index in start..<min(start + Self.stretch, count) where counted[index] {
                if let items = cachedItems(at: index) {
                    var attempt = attempts[index]
                    attempt.items = items
                    local.add(attempt, order: index)
                    continue
                }
                guard case .success(let entry) = loader.summarize(path(at: index), withItems: true), entry.summary.id == attempts[index].id else { continue }
                local.add(entry.summary, order: index)
            }
            total.merge(local)
            return 0
        }
        return total.take()
    }
}

/// The tally the stretches merge into, one at a time.
final class TallyBox: @unchecked Sendable {
    private let lock = NSLock()
    private var tally = ItemTally()

    func merge(_ other: ItemTally) {
        lock.lock()
        defer { lock.unlock() }
        tally.merge(other)
    }

    func take() -> ItemTally {
        lock.lock()
        defer { lock.unlock() }
        return tally
    }
}
