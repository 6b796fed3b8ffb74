/// How far a trainee has read a module's lessons, and where they left off:
/// `Results/progress/<trainee-key>/study.<course>.json`, replaced as they read
/// (like an autosave; not a record of the training: only transcripts read it, for lessons read).
public struct StudyProgress: StoredRecord, Equatable {
    public static let schema = "gongkai.study/1"

    public var id: String
    public var createdAt: Timestamp
    public var trainee: Trainee
    public var course: String
    /// Titles of the lessons read to their last page (titles, so a reordered module keeps them).
    public var read: [String]
    /// The lesson open when the trainee left, and the first line of the page shown.
    public var lesson: Int
    public var line: Int

    public init(id: String, createdAt: Timestamp, trainee: Trainee, course: String, read: [String] = [], lesson: Int = 0, line: Int = 0) {
        self.id = id
        self.createdAt = createdAt
        self.trainee = trainee
        self.course = course
        self.read = read
        self.lesson = lesson
        self.line = line
    }

    /// Lessons of the current module read (n of m): only titles still in it count.
    public func readCount(in course: Course) -> Int {
        let done = Set(read)
        return course.lessons.filter { done.contains($0.title) }.count
    }

    public mutating func markRead(_ lesson: Lesson) {
        if !read.contains(lesson.title) { read.append(lesson.title) }
    }

    public static func name(course: String) -> String { "study.\(course)" }

    public func fields() -> [String: JSONValue] {
        [
            "id": .string(id), "createdAt": .string(createdAt.description), "trainee": trainee.json, "course": .string(course),
            "read": .array(read.map(JSONValue.string)), "lesson": .int(lesson), "line": .int(line),
        ]
    }

    public init(fields value: JSONValue) throws(RecordProblem) {
        let f = try JSONFields(value)
        id = try f.string("id")
        createdAt = try f.timestamp("createdAt")
        trainee = try Trainee(f.fields("trainee"))
        course = try f.string("course")
        var titles: [String] = []
        for (index, element) in try f.array("read").enumerated() {
            guard case .string(let title) = element else { throw .field(path: "read[\(index)]", expected: "string") }
            titles.append(title)
        }
        read = titles
        lesson = max(0, try f.int("lesson"))
        line = max(0, try f.int("line"))
    }
}

extension ResultStore {
    public func loadStudy(trainee: Trainee, course: String) -> StudyProgress? {
        let path = progressPath(trainee: trainee, name: StudyProgress.name(course: course))
        guard fileSystem.exists(path), case .success(let loaded) = scanner.read(StudyProgress.self, path: path) else { return nil }
        return loaded.record
    }

    public func saveStudy(_ progress: StudyProgress) throws(FileSystemError) {
        let path = progressPath(trainee: progress.trainee, name: StudyProgress.name(course: progress.course))
        try fileSystem.createDirectories(PathJoin.directory(of: path))
        try fileSystem.writeFileAtomically(RecordCodec.encode(progress), to: path, replace: true)
    }
}
