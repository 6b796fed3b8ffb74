/// The ids kept so far by a streamed pass (`AttemptLoader.stream`), never the ids themselves:
/// a 64-bit hash of each id and the fingerprint of its record's content, 16 bytes a slot, in
/// 256 open-addressing tables (by the hash's top byte) that each grow by a quarter when three
/// quarters full. So the table costs 21–27 bytes an id, and growing it never holds a second
/// copy of more than one small table.
///
/// It gives the verdicts of `AttemptLoader.CopyFilter` (the first copy read is kept, a later one
/// with the same content is a copy, with other content a conflict):
/// - a hash met for the first time: the id is new (nothing else can have been read with it);
/// - a hash met before with the same content fingerprint: a copy (two different ids would need
///   both 64-bit values to meet);
/// - a hash met before with **other** content: either the same id with other content (a conflict)
///   or another id whose hash happens to be the same (about n² / 2⁶⁵: at 5,000,000 records once in a
///   million runs). Which of the two cannot be told without the ids, so the verdict is `unsure`: the
///   pass goes on, and the caller reads the records once more with every such hash in `exact`;
///   ids with those hashes are then kept as they are (a handful) and compared exactly.
///
/// The tables hold at most `limit` checks (about 1 million: 21–27 MB): each `limit` checks make
/// a *window*. At the end of a window the tables are written, table by table in hash order, as one
/// sorted run (each id's word and content, 16 bytes) to an unlinked scratch file (`Runs`) and
/// emptied in place, so at 5,000,000 records the table costs what it costs at one million. A hash
/// kept in an earlier window is not seen while the pass goes on (its record is handed over as new);
/// `settle` reads the runs back a table at a time and sorts out every hash kept in more than one
/// window: with the same content everywhere, the later ones are copies, listed by window in a
/// `CopyPlan` (8 bytes a copy, on the scratch file); with other content (a conflict or a collision)
/// the hash is `repeated`, to be compared exactly. The caller streams once more with both: a record
/// whose hash the plan lists for its window is a copy (kept in the table as one, so that the
/// window's later copies are judged against it), so the second pass holds no id of a copy. Windows
/// start after the same number of checks in every pass, so the second pass finds nothing more to
/// settle unless the records changed between the passes (`settle` then says so, and the caller
/// makes a last pass in memory). If the scratch file cannot be made or written, the tables stay in
/// memory and `spillProblem` says why.
struct SeenIDs {
    enum Verdict: Equatable {
        case new(Slot)
        case copy
        case conflict
        /// Same hash, other content: stream again with the hash in `exact` (see the type's comment).
        case unsure
    }

    /// Where a kept id is: a table and its slot there, or (for hashes in `exact`) the id itself.
    enum Slot: Equatable {
        case table(Int, Int)
        case exact(String)
    }

    /// The low 56 bits of the hash are kept; the top byte chooses the table, so it need not be.
    /// Bits 56 and 57 of a stored word hold the state (never 0, so 0 marks an empty slot).
    private static let lowMask: UInt64 = (1 << 56) - 1
    private static let handed: UInt64 = 1 << 56
    private static let leftOut: UInt64 = 2 << 56
    /// Kept as a copy of an id of an earlier window (a `CopyPlan` listed it): not handed over.
    private static let copied: UInt64 = 3 << 56
    static let tableCount = 256

    /// Per table: the key word and the content word of each slot, side by side.
    private var tables: [[UInt64]] = Array(repeating: [], count: tableCount)
    private var counts: [Int] = Array(repeating: 0, count: tableCount)
    /// Hashes met with other content in an earlier pass: their ids are compared exactly.
    let exact: Set<Int>
    private var exactIDs: [String: (content: UInt64, handed: Bool)] = [:]

    /// Checks a window takes (the tables are then written out as a run).
    let limit: Int
    private let scratchDirectory: String?
    private var checksInWindow = 0
    private var window = 0
    private var runs: Runs?
    /// Why the tables could not be written out (they then stay in memory).
    private(set) var spillProblem: String?
    /// Copies of ids of earlier windows, found by the previous pass's `settle`; those of this window.
    private let plan: CopyPlan?
    private var planned: Set<Int> = []
    /// Ids kept as copies (`copied`): in the tables and runs, not counted as kept.
    private var copies = 0

    static let standardLimit = 1 << 20

    init(exact: Set<Int> = [], limit: Int = SeenIDs.standardLimit, scratchDirectory: String? = nil, plan: CopyPlan? = nil) {
        self.exact = exact
        self.limit = max(1, limit)
        self.scratchDirectory = scratchDirectory
        self.plan = plan
        planned = plan?.hashes(window: 0) ?? []
    }

    /// Ids kept (in the tables, in the runs written out, and exactly), copies of earlier windows not counted.
    var count: Int { counts.reduce(0, +) + exactIDs.count + (runs?.kept ?? 0) - copies }

    /// Why the previous pass's plan could not be read back (its copies were then taken for new).
    var unreadablePlan: String? { plan?.problem }

    /// Runs written to the scratch file so far.
    var runCount: Int { runs?.sections.count ?? 0 }

    /// Slots of all the tables (the memory the tables take is 16 bytes each).
    var capacity: Int { tables.reduce(0) { $0 + $1.count / 2 } }

    private static func split(_ hash: Int) -> (table: Int, low: UInt64) {
        let bits = UInt64(bitPattern: Int64(hash))
        return (Int(bits >> 56), bits & lowMask)
    }

    private static func home(_ low: UInt64, capacity: Int) -> Int {
        Int((low << 8).multipliedFullWidth(by: UInt64(capacity)).high)
    }

    /// Where `low` is in `words`, or the empty slot where it would go.
    private static func find(_ low: UInt64, in words: UnsafeBufferPointer<UInt64>) -> Int {
        let capacity = words.count / 2
        var slot = home(low, capacity: capacity)
        while true {
            let word = words[2 * slot]
            if word == 0 || word & lowMask == low { return slot }
            slot += 1
            if slot == capacity { slot = 0 }
        }
    }

    private mutating func grow(_ table: Int) {
        let old = tables[table]
        let capacity = max(16, old.count / 2 + old.count / 8 + 1)
        var words = [UInt64](repeating: 0, count: 2 * capacity)
        words.withUnsafeMutableBufferPointer { new in
            var index = 0
            while index < old.count {
                if old[index] != 0 {
                    let slot = Self.find(old[index] & Self.lowMask, in: UnsafeBufferPointer(new))
                    new[2 * slot] = old[index]
                    new[2 * slot + 1] = old[index + 1]
                }
                index += 2
            }
        }
        tables[table] = words
    }

    /// The verdict for a record whose id has `hash` and whose content has the fingerprint `content`;
    /// `id` is asked only for hashes in `exact`. A new id is kept (at the slot given).
    mutating func check(hash: Int, content: UInt64, id: () -> String) -> Verdict {
        // Counted for every check, exact or not, so the windows start at the same records in every pass.
        if checksInWindow == limit { nextWindow() }
        checksInWindow += 1
        if !exact.isEmpty, exact.contains(hash) {
            let id = id()
            if let kept = exactIDs[id] { return kept.content == content ? .copy : .conflict }
            exactIDs[id] = (content, true)
            return .new(.exact(id))
        }
        let (table, low) = Self.split(hash)
        if (counts[table] + 1) * 4 > tables[table].count / 2 * 3 { grow(table) }
        let slot = tables[table].withUnsafeBufferPointer { Self.find(low, in: $0) }
        if tables[table][2 * slot] != 0 { return tables[table][2 * slot + 1] == content ? .copy : .unsure }
        tables[table][2 * slot + 1] = content
        counts[table] += 1
        if !planned.isEmpty, planned.contains(hash) {
            tables[table][2 * slot] = low | Self.copied
            copies += 1
            return .copy
        }
        tables[table][2 * slot] = low | Self.handed
        return .new(.table(table, slot))
    }

    /// The id just kept at `slot` is not handed over (a regrade replaced it). Before the next `check`.
    mutating func markLeftOut(_ slot: Slot) {
        switch slot {
        case .table(let table, let index): tables[table][2 * index] = tables[table][2 * index] & Self.lowMask | Self.leftOut
        case .exact(let id): exactIDs[id]?.handed = false
        }
    }

    /// Whether an attempt whose id has `hash` was kept and handed over. Without the ids this may
    /// say yes for another id with the same hash: the caller then streams once more, never wrongly.
    /// Only the tables are asked (ids written out in runs: `settle`).
    func wasHanded(_ id: String, hash: Int) -> Bool {
        if !exact.isEmpty, exact.contains(hash) { return exactIDs[id]?.handed ?? false }
        let (table, low) = Self.split(hash)
        guard !tables[table].isEmpty else { return false }
        let word = tables[table].withUnsafeBufferPointer { words in words[2 * Self.find(low, in: words)] }
        return word & ~Self.lowMask == Self.handed
    }

    /// What the end of a pass needs to know (see the type's comment).
    struct Settled {
        /// Hashes kept in two windows with other content: compare their ids exactly in another pass.
        var repeated: Set<Int> = []
        /// Copies of ids of earlier windows that no plan listed: another pass with this plan.
        var plan: CopyPlan?
        /// An attempt of `replaced` was handed over.
        var late = false
    }

    /// Sorts out the hashes kept in more than one window (the runs and the tables) and whether an
    /// attempt of `replaced` (with its `hash`) was handed over. Without runs, only `late`.
    func settle(replaced: Set<String>, hash: (String) -> Int) -> Settled {
        var settled = Settled()
        guard let runs, !runs.sections.isEmpty else {
            settled.late = replaced.contains { wasHanded($0, hash: hash($0)) }
            return settled
        }
        // Hashes of replaced ids that are not compared exactly, by table.
        var asked = [[UInt64]](repeating: [], count: Self.tableCount)
        for id in replaced {
            let value = hash(id)
            if !exact.isEmpty, exact.contains(value) {
                if exactIDs[id]?.handed ?? false { settled.late = true }
                continue
            }
            let (table, low) = Self.split(value)
            asked[table].append(low)
        }
        // Copies found, by the window they were read in.
        var found: [[UInt64]] = Array(repeating: [], count: runs.sections.count + 1)
        var anyFound = false
        for table in 0..<Self.tableCount {
            // Every id kept for this table, with its content and window: from the runs, then the tables.
            let window = runs.sections.count
            var kept = runs.entries(table: table) + occupied(table).map { Entry(word: $0.word, content: $0.content, window: window) }
            kept.sort { ($0.word & Self.lowMask, $0.window) < ($1.word & Self.lowMask, $1.window) }
            var first = 0
            while first < kept.count {
                let low = kept[first].word & Self.lowMask
                var end = first + 1
                while end < kept.count, kept[end].word & Self.lowMask == low { end += 1 }
                if end - first > 1 {
                    let value = Int(Int64(bitPattern: UInt64(table) << 56 | low))
                    if kept[first..<end].allSatisfy({ $0.content == kept[first].content }) {
                        // Later windows' ids are copies; those a plan listed are already kept as copies.
                        for entry in kept[(first + 1)..<end] where entry.word & ~Self.lowMask != Self.copied {
                            found[entry.window].append(UInt64(bitPattern: Int64(value)))
                            anyFound = true
                        }
                    } else {
                        settled.repeated.insert(value)
                    }
                }
                first = end
            }
            guard !settled.late, !asked[table].isEmpty else { continue }
            for low in asked[table] {
                // The first entry with this low part, then every one with it.
                var lower = 0
                var upper = kept.count
                while lower < upper {
                    let mid = (lower + upper) / 2
                    if kept[mid].word & Self.lowMask < low { lower = mid + 1 } else { upper = mid }
                }
                while lower < kept.count, kept[lower].word & Self.lowMask == low {
                    if kept[lower].word & ~Self.lowMask == Self.handed { settled.late = true }
                    lower += 1
                }
                if settled.late { break }
            }
        }
        if anyFound { settled.plan = CopyPlan(file: runs.file, windows: found) }
        return settled
    }

    /// An id kept in a run or the tables, and its window.
    struct Entry {
        var word: UInt64
        var content: UInt64
        var window: Int
    }

    /// Why a run written out could not be read back (`settle` then knows too little: the caller
    /// streams again without writing runs).
    var unreadableRuns: String? { runs?.problem }

    /// The ids kept in `table` (word and content), in slot order.
    private func occupied(_ table: Int) -> [(word: UInt64, content: UInt64)] {
        var pairs: [(word: UInt64, content: UInt64)] = []
        pairs.reserveCapacity(counts[table])
        for index in stride(from: 0, to: tables[table].count, by: 2) where tables[table][index] != 0 {
            pairs.append((tables[table][index], tables[table][index + 1]))
        }
        return pairs
    }

    /// The end of a window: the tables are written out as one run (in hash order) and emptied in
    /// place (unless that failed before: they then stay), and the plan's copies of the next window are read.
    private mutating func nextWindow() {
        checksInWindow = 0
        window += 1
        if spillProblem == nil { writeRun() }
        if let plan { planned = plan.hashes(window: window) }
    }

    private mutating func writeRun() {
        if runs == nil {
            do {
                runs = Runs(file: try ScratchFile(directory: scratchDirectory, purpose: "ids"))
            } catch {
                spillProblem = error.reason
                return
            }
        }
        var section: [Int] = []
        section.reserveCapacity(Self.tableCount)
        var bytes: [UInt8] = []
        var kept = 0
        for table in 0..<Self.tableCount {
            var pairs = occupied(table)
            pairs.sort { $0.word & Self.lowMask < $1.word & Self.lowMask }
            section.append(pairs.count)
            kept += pairs.count
            for (word, content) in pairs {
                withUnsafeBytes(of: word) { bytes.append(contentsOf: $0) }
                withUnsafeBytes(of: content) { bytes.append(contentsOf: $0) }
            }
            if bytes.count >= 1 << 20 || table == Self.tableCount - 1 {
                do {
                    try runs!.file.append(bytes)
                } catch {
                    spillProblem = error.reason
                    return
                }
                bytes.removeAll(keepingCapacity: true)
            }
        }
        runs!.add(section: section, kept: kept)
        for table in 0..<Self.tableCount {
            tables[table].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            counts[table] = 0
        }
    }
}

extension SeenIDs {
    /// The runs written out: for each, how many ids each table gave (16 bytes each: the word —
    /// the low 56 bits of the hash and the state — and the content's fingerprint), in one scratch file.
    final class Runs: @unchecked Sendable {
        let file: ScratchFile
        /// Per run, the ids of each table (in table order, each table's sorted).
        private(set) var sections: [[Int]] = []
        private var starts: [Int64] = []
        private(set) var kept = 0
        /// A run that could not be read back.
        private(set) var problem: String?

        init(file: ScratchFile) { self.file = file }

        func add(section: [Int], kept count: Int) {
            starts.append(starts.isEmpty ? 0 : starts.last! + Int64(sections.last!.reduce(0, +) * 16))
            sections.append(section)
            kept += count
        }

        /// The ids of `table` in every run, with the run's number as their window.
        func entries(table: Int) -> [Entry] {
            var entries: [Entry] = []
            for (run, section) in sections.enumerated() where section[table] > 0 {
                let offset = starts[run] + Int64(section[..<table].reduce(0, +) * 16)
                do {
                    let bytes = try file.read(at: offset, count: section[table] * 16)
                    bytes.withUnsafeBytes { raw in
                        for index in 0..<section[table] {
                            entries.append(
                                Entry(
                                    word: raw.loadUnaligned(fromByteOffset: 16 * index, as: UInt64.self),
                                    content: raw.loadUnaligned(fromByteOffset: 16 * index + 8, as: UInt64.self), window: run))
                        }
                    }
                } catch {
                    problem = error.reason
                }
            }
            return entries
        }
    }

    /// The copies a pass found of ids of earlier windows (see `settle`), listed by window on the
    /// scratch file of its runs (8 bytes a copy), for the next pass to read a window at a time.
    final class CopyPlan: @unchecked Sendable {
        let file: ScratchFile
        /// Per window: where its hashes start in the file, and how many.
        private var places: [(start: Int64, count: Int)] = []
        /// Why the plan could not be written or read back.
        private(set) var problem: String?

        init(file: ScratchFile, windows: [[UInt64]]) {
            self.file = file
            for hashes in windows {
                let start = file.size
                var bytes: [UInt8] = []
                bytes.reserveCapacity(hashes.count * 8)
                for hash in hashes { withUnsafeBytes(of: hash) { bytes.append(contentsOf: $0) } }
                do {
                    if !bytes.isEmpty { try file.append(bytes) }
                } catch {
                    problem = error.reason
                }
                places.append((start, problem == nil ? hashes.count : 0))
            }
        }

        /// Copies planned in all windows.
        var count: Int { places.reduce(0) { $0 + $1.count } }

        /// The hashes of the copies read in `window`.
        func hashes(window: Int) -> Set<Int> {
            guard window < places.count, places[window].count > 0 else { return [] }
            do {
                let bytes = try file.read(at: places[window].start, count: places[window].count * 8)
                return bytes.withUnsafeBytes { raw in
                    Set((0..<places[window].count).map { Int(Int64(bitPattern: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self))) })
                }
            } catch {
                problem = error.reason
                return []
            }
        }
    }
}
