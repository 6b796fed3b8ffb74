#if canImport(Glibc)
import Glibc
#endif

extension ScoresReport {
    /// How many (person, module) cells a streamed `report scores` holds before it writes them,
    /// sorted in the report's order, to a scratch file as one run (`Aggregate`), and where.
    public struct SpillPolicy: Sendable {
        /// Cells held in memory at most (about 200 bytes each).
        public var limit: Int
        /// The folder of the scratch file (it is unlinked as soon as it is made); nil: `$TMPDIR`, else `/tmp`.
        public var directory: String?

        public init(limit: Int = 1 << 17, directory: String? = nil) {
            self.limit = max(1, limit)
            self.directory = directory
        }

        public static let standard = SpillPolicy()
        /// Never spills (everything in memory).
        public static let never = SpillPolicy(limit: Int.max)
    }

    /// The report's order of people and modules, from the course library alone: roster units in
    /// roster order, then other units by id; then names; then modules in library order, others by id.
    /// It is the order `render` gives (`ReportContext.units` lists roster units first, then the rest sorted).
    struct CellOrder: Sendable {
        let unitRank: [String: Int]
        let courseRank: [String: Int]

        init(library: CourseLibrary) {
            var units: [String: Int] = [:]
            for (index, unit) in (library.roster?.units ?? []).enumerated() where units[unit.id] == nil { units[unit.id] = index }
            var courses: [String: Int] = [:]
            for (index, course) in library.courses.enumerated() where courses[course.id] == nil { courses[course.id] = index }
            unitRank = units
            courseRank = courses
        }

        func unit(_ id: String) -> Int { unitRank[id] ?? Int.max }
        func course(_ id: String) -> Int { courseRank[id] ?? Int.max }
    }

    /// What a streamed `report scores` keeps (`StreamedReport`): one cell per (person, course), never a
    /// value per attempt, except the finishing times of a cell's attempts up to its first pass
    /// (all of them while it has none), which `attemptsToPass` counts: a pass read later may be earlier.
    ///
    /// Above `SpillPolicy.limit` cells the cells held are sorted in the report's order and written to
    /// an unlinked scratch file as one run, and memory starts again empty; `forEachCell` merges the runs
    /// and what is still held, combining the pieces of a cell in the order they were read
    /// (`Cell.absorb`), so the cells are those one pass over every attempt would give.
    public struct Aggregate: Sendable {
        struct Key: Hashable, Sendable {
            var unit: Int32
            var course: Int32
            var name: String
        }

        struct Cell: Sendable {
            var best: Double
            var attempts: Int
            var passed: Bool
            var firstPassed: Bool
            var last: Timestamp
            var first: Timestamp
            var firstPass: Timestamp?
            /// Finishing times of the attempts up to the first pass (all while none passed).
            var upToPass: [Timestamp]

            init(_ a: AttemptSummary) {
                let t = a.finishedAt
                self.init(best: a.percent, attempts: 1, passed: a.passed, firstPassed: a.passed, last: t, first: t, firstPass: a.passed ? t : nil, upToPass: [t])
            }

            init(best: Double, attempts: Int, passed: Bool, firstPassed: Bool, last: Timestamp, first: Timestamp, firstPass: Timestamp?, upToPass: [Timestamp]) {
                self.best = best
                self.attempts = attempts
                self.passed = passed
                self.firstPassed = firstPassed
                self.last = last
                self.first = first
                self.firstPass = firstPass
                self.upToPass = upToPass
            }

            /// One more attempt, read after those the cell holds.
            mutating func add(_ a: AttemptSummary) {
                let t = a.finishedAt, passed = a.passed
                best = max(best, a.percent)
                attempts += 1
                self.passed = self.passed || passed
                last = max(last, t)
                if t < first { (first, firstPassed) = (t, passed) }
                if let firstPass, t > firstPass {
                    // After the first pass: it never counts towards it.
                } else {
                    upToPass.append(t)
                    if passed, firstPass.map({ t < $0 }) ?? true {
                        firstPass = t
                        upToPass.removeAll { $0 > t }
                    }
                }
            }

            /// The cell of the attempts of `self` and then of `later` (read after them): what
            /// `add` gives over the attempts of both in that order, ties resolved alike.
            mutating func absorb(_ later: Cell) {
                best = max(best, later.best)
                attempts += later.attempts
                passed = passed || later.passed
                last = max(last, later.last)
                if later.first < first { (first, firstPassed) = (later.first, later.firstPassed) }
                if let pass = later.firstPass, firstPass.map({ pass < $0 }) ?? true { firstPass = pass }
                upToPass += later.upToPass
                if let firstPass { upToPass.removeAll { $0 > firstPass } }
            }
        }

        var unitIDs: [String] = []
        var unitSlots: [String: Int32] = [:]
        var courseIDs: [String] = []
        var cells: [Key: Cell] = [:]
        var attemptCount = 0
        let policy: SpillPolicy
        /// The report's order, when known from the start (needed to spill).
        let order: CellOrder?
        /// The runs written so far (nil until the first).
        var spill: SpillRuns?
        /// Why cells could not be written to disk (then they stay in memory).
        public private(set) var spillProblem: String?

        /// `library` gives the report's order, which a run is sorted in: without it nothing spills.
        public init(library: CourseLibrary? = nil, policy: SpillPolicy = .standard) {
            self.order = library.map(CellOrder.init)
            self.policy = library == nil ? .never : policy
        }

        /// Runs written to the scratch file (0: everything is in memory).
        public var runCount: Int { spill?.runs.count ?? 0 }

        /// Adds a batch of summaries in the stream's order, those `counts` keeps, exactly as `build` sums the array.
        public mutating func add(_ batch: [AttemptSummary], counts: @Sendable @escaping (AttemptSummary) -> Bool) {
            let kept: [Bool] = ParallelMap.map(Array(batch.indices), chunk: 2048) { counts(batch[$0]) }
            for index in batch.indices where kept[index] {
                let a = batch[index]
                let unit: Int32
                if let known = unitSlots[a.trainee.unit] {
                    unit = known
                } else {
                    unit = Int32(unitIDs.count)
                    unitSlots[a.trainee.unit] = unit
                    unitIDs.append(a.trainee.unit)
                }
                // A handful of modules: a linear search beats hashing the id.
                let course: Int32
                if let known = courseIDs.firstIndex(of: a.course) {
                    course = Int32(known)
                } else {
                    course = Int32(courseIDs.count)
                    courseIDs.append(a.course)
                }
                attemptCount += 1
                let key = Key(unit: unit, course: course, name: a.trainee.name)
                if let slot = cells.index(forKey: key) {
                    cells.values[slot].add(a)
                } else {
                    cells[key] = Cell(a)
                    if cells.count >= policy.limit { spillHeld() }
                }
            }
        }

        /// Writes the cells held as one sorted run and empties memory; on failure keeps them (and says why, once).
        mutating func spillHeld() {
            guard spillProblem == nil, let order else { return }
            do {
                if spill == nil { spill = try SpillRuns(directory: policy.directory) }
                let sorted = sortedHeld(order)
                var bytes: [UInt8] = []
                bytes.reserveCapacity(1 << 20)
                var run = SpillRuns.Run(start: spill!.file.size, length: 0, count: sorted.count)
                for (key, cell) in sorted {
                    SpillCodec.write(key, cell, into: &bytes)
                    if bytes.count >= 1 << 20 {
                        try spill!.file.append(bytes)
                        run.length += Int64(bytes.count)
                        bytes.removeAll(keepingCapacity: true)
                    }
                }
                try spill!.file.append(bytes)
                run.length += Int64(bytes.count)
                spill!.runs.append(run)
                cells = [:]
            } catch {
                spillProblem = error.reason
            }
        }

        /// The cells held, in the report's order.
        func sortedHeld(_ order: CellOrder) -> [(key: Key, value: Cell)] {
            let unitRank = unitIDs.map(order.unit)
            let courseRank = courseIDs.map(order.course)
            let unitIDs = unitIDs, courseIDs = courseIDs
            return cells.sorted { x, y in
                Self.precedes(x.key, y.key, unitRank: unitRank, courseRank: courseRank, unitIDs: unitIDs, courseIDs: courseIDs)
            }
        }

        static func precedes(_ x: Key, _ y: Key, unitRank: [Int], courseRank: [Int], unitIDs: [String], courseIDs: [String]) -> Bool {
            if x.unit != y.unit {
                let (a, b) = (unitRank[Int(x.unit)], unitRank[Int(y.unit)])
                if a != b { return a < b }
                if unitIDs[Int(x.unit)] != unitIDs[Int(y.unit)] { return unitIDs[Int(x.unit)] < unitIDs[Int(y.unit)] }
            }
            if x.name != y.name { return x.name < y.name }
            let (a, b) = (courseRank[Int(x.course)], courseRank[Int(y.course)])
            if a != b { return a < b }
            return courseIDs[Int(x.course)] < courseIDs[Int(y.course)]
        }

        /// Every cell in the report's order (`library` gives it when the aggregate was made without one),
        /// as often as asked: the runs are read again each time.
        func forEachCell(library: CourseLibrary, _ body: (PersonCourse) throws -> Void) throws {
            let order = self.order ?? CellOrder(library: library)
            let unitRank = unitIDs.map(order.unit)
            let courseRank = courseIDs.map(order.course)
            let held = sortedHeld(order)
            func emit(_ key: Key, _ c: Cell) throws {
                try body(
                    PersonCourse(
                        unit: unitIDs[Int(key.unit)], name: key.name, course: courseIDs[Int(key.course)], best: c.best, attempts: c.attempts, passed: c.passed,
                        last: c.last, first: c.first, firstPassed: c.firstPassed, firstPass: c.firstPass,
                        attemptsToPass: c.firstPass == nil ? nil : c.upToPass.count))
            }
            guard let spill, !spill.runs.isEmpty else {
                for (key, cell) in held { try emit(key, cell) }
                return
            }
            // Runs in the order they were written, then what is held: a cell's pieces combine in reading order.
            var readers = try spill.runs.map { try SpillRuns.Reader(file: spill.file, run: $0) }
            var heads: [(key: Key, value: Cell)?] = try readers.indices.map { try readers[$0].next() }
            var heldIndex = 0
            func precedes(_ x: Key, _ y: Key) -> Bool {
                Self.precedes(x, y, unitRank: unitRank, courseRank: courseRank, unitIDs: unitIDs, courseIDs: courseIDs)
            }
            while true {
                var least: Key?
                for head in heads { if let head, least.map({ precedes(head.key, $0) }) ?? true { least = head.key } }
                if heldIndex < held.count, least.map({ precedes(held[heldIndex].key, $0) }) ?? true { least = held[heldIndex].key }
                guard let key = least else { break }
                var cell: Cell?
                for index in heads.indices {
                    guard let head = heads[index], head.key == key else { continue }
                    if cell == nil { cell = head.value } else { cell!.absorb(head.value) }
                    heads[index] = try readers[index].next()
                }
                if heldIndex < held.count, held[heldIndex].key == key {
                    if cell == nil { cell = held[heldIndex].value } else { cell!.absorb(held[heldIndex].value) }
                    heldIndex += 1
                }
                try emit(key, cell!)
            }
        }
    }
}

/// A problem with the scratch file, with its reason.
struct SpillError: Error {
    var reason: String
}

/// Sorted runs of cells in one scratch file that has no name (unlinked when made), so nothing is
/// left behind however the process ends; closed when the aggregate holding it is released.
final class SpillRuns: @unchecked Sendable {
    struct Run: Sendable {
        var start: Int64
        var length: Int64
        var count: Int
    }

    let file: ScratchFile
    var runs: [Run] = []

    init(directory: String?) throws(SpillError) {
        file = try ScratchFile(directory: directory)
    }

    /// Reads one run back a stretch at a time.
    struct Reader {
        let file: ScratchFile
        let run: Run
        var buffer: [UInt8] = []
        var position = 0
        var offset: Int64
        var left: Int

        init(file: ScratchFile, run: Run) throws(SpillError) {
            self.file = file
            self.run = run
            offset = run.start
            left = run.count
        }

        mutating func next() throws(SpillError) -> (key: ScoresReport.Aggregate.Key, value: ScoresReport.Aggregate.Cell)? {
            guard left > 0 else { return nil }
            while true {
                var at = position
                if let cell = SpillCodec.read(buffer, at: &at) {
                    position = at
                    left -= 1
                    return cell
                }
                // Not all of the next cell is in the buffer: read on (more than it holds, for a long cell).
                let end = run.start + run.length
                guard offset < end else { throw SpillError(reason: "damaged scratch file") }
                let wanted = Int(min(Int64(max(1 << 18, buffer.count)), end - offset))
                let more = try file.read(at: offset, count: wanted)
                offset += Int64(more.count)
                buffer = Array(buffer[position...]) + more
                position = 0
            }
        }
    }
}

/// A cell as a run stores it: unit and module as slots, the name, then the figures.
enum SpillCodec {
    static func write(_ key: ScoresReport.Aggregate.Key, _ cell: ScoresReport.Aggregate.Cell, into out: inout [UInt8]) {
        func int(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func time(_ t: Timestamp) {
            int(t.seconds)
            int(Int64(t.offset))
        }
        int(Int64(key.unit) << 32 | Int64(key.course))
        let name = Array(key.name.utf8)
        int(Int64(name.count))
        out.append(contentsOf: name)
        int(Int64(bitPattern: cell.best.bitPattern))
        int(Int64(cell.attempts))
        out.append((cell.passed ? 1 : 0) | (cell.firstPassed ? 2 : 0) | (cell.firstPass != nil ? 4 : 0))
        time(cell.last)
        time(cell.first)
        if let pass = cell.firstPass { time(pass) }
        int(Int64(cell.upToPass.count))
        for t in cell.upToPass { time(t) }
    }

    static func read(_ bytes: [UInt8], at position: inout Int) -> (key: ScoresReport.Aggregate.Key, value: ScoresReport.Aggregate.Cell)? {
        var failed = false
        func int() -> Int64 {
            guard position + 8 <= bytes.count else {
                failed = true
                return 0
            }
            var v: UInt64 = 0
            for i in 0..<8 { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
            position += 8
            return Int64(bitPattern: v)
        }
        func time() -> Timestamp { Timestamp(seconds: int(), offset: Int(int())) }
        let slots = int()
        let length = Int(int())
        guard !failed, length >= 0, position + length + 1 <= bytes.count else { return nil }
        let name = String(decoding: bytes[position..<position + length], as: UTF8.self)
        position += length
        let best = Double(bitPattern: UInt64(bitPattern: int()))
        let attempts = Int(int())
        guard position < bytes.count else { return nil }
        let flags = bytes[position]
        position += 1
        let last = time(), first = time()
        let pass: Timestamp? = flags & 4 != 0 ? time() : nil
        let count = Int(int())
        guard !failed, count >= 0, count <= (bytes.count - position) / 16 else { return nil }
        var times: [Timestamp] = []
        times.reserveCapacity(count)
        for _ in 0..<count { times.append(time()) }
        guard !failed else { return nil }
        let key = ScoresReport.Aggregate.Key(unit: Int32(truncatingIfNeeded: slots >> 32), course: Int32(truncatingIfNeeded: slots), name: name)
        return (
            key,
            ScoresReport.Aggregate.Cell(
                best: best, attempts: attempts, passed: flags & 1 != 0, firstPassed: flags & 2 != 0, last: last, first: first, firstPass: pass, upToPass: times)
        )
    }
}

/// A scratch file without a name: made in `directory` and unlinked at once, written at its end and
/// read at offsets; the descriptor is closed when the object goes.
final class ScratchFile: @unchecked Sendable {
    let fd: Int32
    private(set) var size: Int64 = 0

    /// `purpose` names the file while it has a name (`.gongkai-<purpose>-XXXXXX`).
    init(directory: String?, purpose: String = "scores") throws(SpillError) {
        let folder = Self.folder(directory)
        var template = Array((folder + "/.gongkai-\(purpose)-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw SpillError(reason: "\(folder): " + String(cString: strerror(errno))) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Where scratch files go: `directory`, else `$TMPDIR`, else `/tmp`.
    static func folder(_ directory: String?) -> String {
        directory ?? (getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
    }

    func append(_ bytes: [UInt8]) throws(SpillError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, $0.count - done, off_t(size) + off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SpillError(reason: String(cString: strerror(errno)))
            }
            done += n
        }
        size += Int64(bytes.count)
    }

    func read(at offset: Int64, count: Int) throws(SpillError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SpillError(reason: String(cString: strerror(errno)))
            }
            if n == 0 { throw SpillError(reason: "short read") }
            done += n
        }
        return out
    }
}
