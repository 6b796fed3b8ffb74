/// Finds the holiday calendar of a course folder: `<courses>/calendar.yaml`.
public enum DeadlineCalendarLoader {
    public static let fileName = "calendar.yaml"

    /// The calendar, or nil when the folder has none; diagnostics when it has errors.
    public static func load(coursesPath: String, fileSystem: FileSystem) -> (HolidayCalendar?, [Diagnostic]) {
        let path = PathJoin.join(coursesPath, fileName)
        guard fileSystem.exists(path) else { return (nil, []) }
        let library = CourseLibrary.load(paths: [path], fileSystem: fileSystem)
        let errors = library.diagnostics.filter { $0.severity == .error }
        return errors.isEmpty ? (library.calendar, []) : (nil, errors)
    }
}
