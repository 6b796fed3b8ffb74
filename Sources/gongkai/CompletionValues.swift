import ArgumentParser
import GongkaiCore

/// What the shell completion scripts (`gongkai --generate-completion-script bash|zsh|fish`)
/// offer for values: fixed lists are written into the script; ids are read from the course
/// folder when Tab is pressed (the script calls `gongkai ---completion …`), quickly and
/// silently — a folder that cannot be read offers nothing.
enum CompletionValues {
    static let kinds = CompletionKind.list(Report.Kind.allCases.map(\.rawValue))
    static let reportFormats = CompletionKind.list(ReportFormat.allCases.map(\.rawValue))
    static let languages = CompletionKind.list(Language.allCases.map(\.rawValue))

    /// `--out` of `report`: the extensions a format is taken from.
    static let reportOut = CompletionKind.file(extensions: reportExtensions)
    static var reportExtensions: [String] {
        ["txt", "csv", "json", "html", "htm", "md", "xlsx", "pdf", "docx"].filter { ReportFormat(fileExtension: "report.\($0)") != nil }
    }

    static let sessions = CompletionKind.custom { words, _, prefix in values(words, prefix: prefix) { $0.roster.map { $0.sessions.map(\.id) } ?? [] } }
    static let courses = CompletionKind.custom { words, _, prefix in values(words, prefix: prefix) { $0.courses.map(\.id) } }
    /// Unit ids; names and aliases too once a character is typed (they are Chinese).
    static let units = CompletionKind.custom { words, _, prefix in
        values(words, prefix: prefix) { library in
            let units = library.roster?.units ?? []
            return units.map(\.id) + (prefix.isEmpty ? [] : units.flatMap { [$0.name] + $0.aliases })
        }
    }

    /// The candidates starting with `prefix`, each once, from the library of the course
    /// folder the command line names (`--courses DIR`), else `GONGKAI_COURSES`, else `Courses`.
    static func values(_ words: [String], prefix: String, _ pick: (CourseLibrary) -> [String]) -> [String] {
        let folder = coursesFolder(words)
        let fileSystem = LocalFileSystem()
        guard fileSystem.isDirectory(folder) else { return [] }
        let library = CourseLibrary.load(
            paths: [folder], fileSystem: fileSystem, cache: CourseCacheLocation.cache(for: folder, environment: ProcessEnvironment.current))
        var seen: Set<String> = []
        return pick(library).filter { !$0.isEmpty && $0.hasPrefix(prefix) && seen.insert($0).inserted }
    }

    /// The value of the last `--courses` among the words, unquoted, `~/` expanded.
    static func coursesFolder(_ words: [String]) -> String {
        var value: String?
        for (index, word) in words.enumerated() {
            if word == "--courses", index + 1 < words.count {
                value = words[index + 1]
            } else if word.hasPrefix("--courses=") {
                value = String(word.dropFirst("--courses=".count))
            }
        }
        guard var folder = value.map(unquote), !folder.isEmpty else {
            return ProcessEnvironment.current["GONGKAI_COURSES"] ?? "Courses"
        }
        if folder == "~" || folder.hasPrefix("~/"), let home = ProcessEnvironment.current["HOME"] {
            folder = home + folder.dropFirst()
        }
        return folder
    }

    /// A shell word as typed: `'a b'`, `"a b"` or `a\ b` → `a b`.
    static func unquote(_ word: String) -> String {
        if word.count >= 2, let first = word.first, first == "'" || first == "\"", word.last == first {
            return String(word.dropFirst().dropLast())
        }
        var out = ""
        var escaped = false
        for c in word {
            if escaped || c != "\\" {
                out.append(c)
                escaped = false
            } else {
                escaped = true
            }
        }
        return out
    }
}
