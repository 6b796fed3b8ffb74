import Yams

/// Everything under `Courses/`: modules, checklists and the roster, loaded and
/// cross-checked together. Files with errors are kept out of `courses` etc.
/// and explained in `diagnostics`.
public struct CourseLibrary: Sendable {
    public struct InvalidFile: Sendable, Equatable {
        public var file: String
        public var id: String?
        public var kind: FileKind
    }

    public enum FileKind: Sendable, Equatable { case course, checklist, roster, calendar }

    public var courses: [Course] = []
    public var checklists: [Checklist] = []
    public var roster: Roster?
    /// The holiday arrangements of `calendar.yaml`, for working-day deadlines.
    public var calendar: HolidayCalendar?
    public var diagnostics: [Diagnostic] = []
    public var invalidFiles: [InvalidFile] = []
    public var fileCounts: [FileKind: Int] = [:]
    /// Source file of each loaded course, by id.
    public var courseFiles: [String: String] = [:]

    public init() {}

    public func course(id: String) -> Course? { courses.first { $0.id == id } }

    /// What a course name typed by a person refers to.
    public enum CourseLookup: Sendable, Equatable {
        case found(Course)
        /// A prefix of more than one id or title.
        case ambiguous([Course])
        case none
    }

    /// A course by id, by its Chinese title, or by an unambiguous prefix of
    /// either (`保密`, `request`), compared after NFKC and case folding.
    public func lookupCourse(_ text: String) -> CourseLookup {
        let needle = TextNormalization.fold(text)
        guard !needle.isEmpty else { return .none }
        if let course = course(id: text) ?? courses.first(where: { TextNormalization.fold($0.id) == needle || TextNormalization.fold($0.title) == needle }) {
            return .found(course)
        }
        let prefixed = courses.filter { TextNormalization.fold($0.id).hasPrefix(needle) || TextNormalization.fold($0.title).hasPrefix(needle) }
        switch prefixed.count {
        case 0: return .none
        case 1: return .found(prefixed[0])
        default: return .ambiguous(prefixed)
        }
    }
    public func checklist(id: String) -> Checklist? { checklists.first { $0.id == id } }

    /// Diagnostics for the course with this id, when its file failed to load.
    public func problems(forCourse id: String) -> [Diagnostic]? {
        guard let invalid = invalidFiles.first(where: { $0.kind == .course && $0.id == id }) else { return nil }
        return diagnostics.filter { $0.file == invalid.file }
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

    /// Loads every `.yaml`/`.yml` file at or under `paths`. With a `cache`, a set of files
    /// byte-for-byte identical to one that last loaded cleanly is taken from its snapshot.
    public static func load(paths: [String], fileSystem: FileSystem, cache: CourseLibraryCache? = nil) -> CourseLibrary {
        var library = CourseLibrary()
        var files: [String] = []
        for path in paths {
            guard let info = fileSystem.info(path) else {
                library.diagnostics.append(Diagnostic(file: path, line: 1, column: 1, message: .pathNotFound(path: path)))
                continue
            }
            if info.kind == .symlink {
                // Course content must come from the folder named, not from wherever a link points.
                library.diagnostics.append(Diagnostic(file: path, line: 1, column: 1, message: .symlinkNotFollowed(path: path)))
                continue
            }
            if info.kind == .directory {
                let walked = fileSystem.walk(path)
                for link in walked.symlinks where isYAML(link) {
                    library.diagnostics.append(
                        Diagnostic(file: link, line: 1, column: 1, severity: .warning, message: .symlinkNotFollowed(path: link)))
                }
                let found = walked.files.filter(isYAML)
                if found.isEmpty {
                    library.diagnostics.append(Diagnostic(file: path, line: 1, column: 1, message: .noYAMLFiles(path: path)))
                }
                files.append(contentsOf: found)
            } else {
                files.append(path)
            }
        }
        // A course file checked on its own still needs the holiday calendar beside it (deadline questions).
        if !files.contains(where: { PathJoin.fileName(of: $0) == DeadlineCalendarLoader.fileName }) {
            var seen: Set<String> = []
            for file in files {
                let sibling = PathJoin.join(PathJoin.directory(of: file), DeadlineCalendarLoader.fileName)
                if seen.insert(sibling).inserted, fileSystem.exists(sibling) { files.append(sibling) }
            }
        }
        var contents: [(file: String, bytes: [UInt8])] = []
        for file in files {
            do {
                contents.append((file, try fileSystem.readFile(file, limit: 16 << 20)))
            } catch {
                library.diagnostics.append(
                    Diagnostic(file: file, line: 1, column: 1, message: .fileProblem(error)))
            }
        }
        let key = library.diagnostics.isEmpty ? cache?.key(for: contents) : nil
        if let cache, let key, let stored = cache.load(key: key) { return stored }
        var sources: [(file: String, text: String)] = []
        for (file, bytes) in contents {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                library.diagnostics.append(Diagnostic(file: file, line: 1, column: 1, message: .notUTF8))
                continue
            }
            // A UTF-8 byte-order mark (Windows Notepad) is not part of the text.
            sources.append((file, text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text))
        }
        library.add(sources: sources)
        if let cache, let key { cache.store(library, key: key) }
        return library
    }

    /// Loads from texts already in memory (tests, fuzzing, an import's read-back), with a
    /// calendar already parsed for deadline questions when the sources hold none.
    public static func load(sources: [(file: String, text: String)], calendar: HolidayCalendar? = nil) -> CourseLibrary {
        var library = CourseLibrary()
        library.calendar = calendar
        library.add(sources: sources)
        return library
    }

    static func isYAML(_ path: String) -> Bool { path.hasSuffix(".yaml") || path.hasSuffix(".yml") }

    static func baseName(_ file: String) -> String {
        var name = PathJoin.fileName(of: file)
        for ext in [".yaml", ".yml"] where name.hasSuffix(ext) { name.removeLast(ext.count) }
        return name
    }

    private mutating func add(sources: [(file: String, text: String)]) {
        var rosterFile: String?
        var calendarFile: String?
        var rosterReferences: [RosterParser.Parsed] = []
        var rosterSinkFile: [String] = []
        var courseIDs: [String: String] = [:]
        var checklistIDs: [String: String] = [:]
        var sawCourse = false
        var sawChecklist = false
        for (file, text) in sources {
            let sink = DiagnosticSink(file: file)
            defer { diagnostics.append(contentsOf: sink.diagnostics) }
            guard let root = YAMLDocument.parse(text, sink: sink) else {
                invalidFiles.append(InvalidFile(file: file, id: nil, kind: .course))
                continue
            }
            let kind = Self.classify(root)
            fileCounts[kind, default: 0] += 1
            let declaredID = root.mapping?["id"]?.scalarString
            switch kind {
            case .course:
                sawCourse = true
                if let id = declaredID {
                    if let other = courseIDs[id] {
                        sink.error(root.mapping?["id"]?.mark, .duplicateFileID(.course, id: id, otherFile: other))
                    }
                    courseIDs[id] = file
                }
                if let course = CourseParser.parse(root, expectedID: Self.baseName(file), sink: sink),
                    !sink.diagnostics.hasErrors
                {
                    courses.append(course)
                    courseFiles[course.id] = file
                } else {
                    invalidFiles.append(InvalidFile(file: file, id: declaredID, kind: .course))
                }
            case .checklist:
                sawChecklist = true
                if let id = declaredID {
                    if let other = checklistIDs[id] {
                        sink.error(root.mapping?["id"]?.mark, .duplicateFileID(.checklist, id: id, otherFile: other))
                    }
                    checklistIDs[id] = file
                }
                if let checklist = ChecklistParser.parse(root, expectedID: Self.baseName(file), sink: sink),
                    !sink.diagnostics.hasErrors
                {
                    checklists.append(checklist)
                } else {
                    invalidFiles.append(InvalidFile(file: file, id: declaredID, kind: .checklist))
                }
            case .calendar:
                if let first = calendarFile {
                    sink.error(root.mark, .deadline(.multipleCalendars(first: first)))
                    continue
                }
                calendarFile = file
                if let parsed = CalendarParser.parse(root, sink: sink) {
                    calendar = parsed
                } else {
                    invalidFiles.append(InvalidFile(file: file, id: nil, kind: .calendar))
                }
            case .roster:
                if let first = rosterFile {
                    sink.error(root.mark, .multipleRosters(first: first))
                    continue
                }
                rosterFile = file
                if let parsed = RosterParser.parse(root, sink: sink) {
                    roster = parsed.roster
                    rosterReferences.append(parsed)
                    rosterSinkFile.append(file)
                } else {
                    invalidFiles.append(InvalidFile(file: file, id: nil, kind: .roster))
                }
            }
        }
        // Cross-references resolve against every file checked together.
        for (parsed, file) in zip(rosterReferences, rosterSinkFile) {
            let sink = DiagnosticSink(file: file)
            for reference in parsed.references {
                if sawCourse {
                    for course in reference.courses where courseIDs[course.id] == nil {
                        sink.error(course.mark, .unknownCourse(id: course.id))
                    }
                }
                if sawChecklist, let checklist = reference.checklist, checklistIDs[checklist.id] == nil {
                    sink.error(checklist.mark, .unknownChecklist(id: checklist.id))
                }
            }
            diagnostics.append(contentsOf: sink.diagnostics)
            if sink.diagnostics.hasErrors {
                roster = nil
                invalidFiles.append(InvalidFile(file: file, id: nil, kind: .roster))
            }
        }
        checkDeadlineQuestions()
        courses.sort { $0.id < $1.id }
        if let roster, let order = roster.sessions.first?.courses {
            // Courses in the order the first session lists them, then the rest.
            courses.sort { (order.firstIndex(of: $0.id) ?? Int.max, $0.id) < (order.firstIndex(of: $1.id) ?? Int.max, $1.id) }
        }
        checklists.sort { $0.id < $1.id }
        diagnostics = diagnostics.sortedByLocation
    }

    static func classify(_ root: Node) -> FileKind {
        guard let mapping = root.mapping else { return .course }
        if mapping["units"] != nil || mapping["sessions"] != nil { return .roster }
        if mapping["arrangements"] != nil, mapping["questions"] == nil { return .calendar }
        if mapping["items"] != nil, mapping["questions"] == nil, mapping["lessons"] == nil { return .checklist }
        return .course
    }

    /// Gives every deadline question the library's calendar.
    mutating func attachCalendarToDeadlineQuestions() {
        for c in courses.indices {
            var changed = false
            for q in courses[c].questions.indices {
                if case .deadline(var scenario) = courses[c].questions[q].answer {
                    scenario.calendar = calendar
                    courses[c].questions[q].answer = .deadline(scenario)
                    changed = true
                }
            }
            // The calendar is part of what grading depends on.
            if changed { courses[c].digest = CourseDigest.compute(courses[c]) }
        }
    }

    /// Deadline questions need the calendar, and their ranges must stay inside it.
    private mutating func checkDeadlineQuestions() {
        attachCalendarToDeadlineQuestions()
        var broken: Set<String> = []
        for course in courses {
            let file = courseFiles[course.id] ?? course.id
            for question in course.questions {
                guard case .deadline(let scenario) = question.answer else { continue }
                let sink = DiagnosticSink(file: file)
                if scenario.calendar == nil {
                    sink.error(line: scenario.sourceLine, column: scenario.sourceColumn, .deadline(.scenarioNeedsCalendar))
                } else if let last = scenario.latestDate(), let calendar = scenario.calendar, !calendar.covers(last) {
                    sink.error(line: scenario.sourceLine, column: scenario.sourceColumn, .deadline(.scenarioRunsOutOfCalendar(last: last.description)))
                }
                if !sink.diagnostics.isEmpty {
                    diagnostics.append(contentsOf: sink.diagnostics)
                    broken.insert(course.id)
                }
            }
        }
        for id in broken {
            courses.removeAll { $0.id == id }
            invalidFiles.append(InvalidFile(file: courseFiles[id] ?? id, id: id, kind: .course))
            courseFiles[id] = nil
        }
    }
}
