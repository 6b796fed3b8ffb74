import Foundation
import Testing

@testable import GongkaiCore

/// Promise 4: a seeded fuzzer mutates the real course files (`Courses/` and
/// `Tests/Fixtures/Courses/`) and feeds them to the validator in-process. It
/// must never crash, and every diagnostic must point at a real place: a file
/// name that was given, line ≥ 1, column ≥ 1, line ≤ lines in the text + 1.
///
/// `make test` runs a few hundred cases. `make stress` runs this test as its
/// own process with GONGKAI_FUZZ_CASES=10000 (and GONGKAI_FUZZ_START to go on
/// after a crash); GONGKAI_FUZZ_TRACE names a file that always holds the case
/// being run, so a crash can be reproduced.
@Suite struct FuzzTests {
    struct Seed {
        var name: String
        var text: String
    }

    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
            url.deleteLastPathComponent()
        }
        return "."
    }()

    /// Every YAML file under Courses/ and Tests/Fixtures/Courses/.
    static let seeds: [Seed] = {
        var seeds: [Seed] = []
        for folder in ["Courses", "Tests/Fixtures/Courses"] {
            let base = packageRoot + "/" + folder
            let files = (FileManager.default.enumerator(atPath: base)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            for file in files {
                if let text = try? String(contentsOfFile: base + "/" + file, encoding: .utf8) {
                    seeds.append(Seed(name: folder + "/" + file, text: text))
                }
            }
        }
        return seeds
    }()

    enum Mutation: String, CaseIterable {
        case byteFlip, deleteLines, duplicateLines, indentation, randomUnicode, truncate, swapValues, typeChange, yamlSyntax, lineEndings, splice
    }

    struct Case {
        var index: Int
        var seed: Seed
        var mutations: [Mutation]
        var text: String
        /// The other files validated together with it (unchanged).
        var companions: [Seed]
    }

    // MARK: Mutations

    static func lines(_ text: String) -> [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false) }

    static func mutate(_ text: String, _ mutation: Mutation, _ random: inout SeededGenerator) -> String {
        var lines = Self.lines(text).map(String.init)
        func pickLine() -> Int { lines.isEmpty ? 0 : random.below(lines.count) }
        switch mutation {
        case .byteFlip:
            var bytes = Array(text.utf8)
            guard !bytes.isEmpty else { return text }
            for _ in 0..<(1 + random.below(4)) {
                bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8))
            }
            return String(decoding: bytes, as: UTF8.self)
        case .deleteLines:
            guard !lines.isEmpty else { return text }
            let start = pickLine()
            lines.removeSubrange(start..<min(lines.count, start + 1 + random.below(4)))
        case .duplicateLines:
            guard !lines.isEmpty else { return text }
            let start = pickLine()
            let block = Array(lines[start..<min(lines.count, start + 1 + random.below(5))])
            lines.insert(contentsOf: block, at: min(lines.count, start + block.count + random.below(3)))
        case .indentation:
            for _ in 0..<(1 + random.below(3)) where !lines.isEmpty {
                let i = pickLine()
                switch random.below(4) {
                case 0: lines[i] = String(repeating: " ", count: 1 + random.below(6)) + lines[i]
                case 1: lines[i] = String(lines[i].drop { $0 == " " })
                case 2: lines[i] = "\t" + lines[i]
                default: lines[i] = String(lines[i].dropFirst(min(lines[i].prefix { $0 == " " }.count, 1 + random.below(3))))
                }
            }
        case .randomUnicode:
            var scalars = Array(text.unicodeScalars)
            for _ in 0..<(1 + random.below(5)) {
                let insert = Self.oddScalars[random.below(Self.oddScalars.count)]
                scalars.insert(contentsOf: insert.unicodeScalars, at: scalars.isEmpty ? 0 : random.below(scalars.count + 1))
            }
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars)
            return String(out)
        case .truncate:
            var bytes = Array(text.utf8)
            bytes = Array(bytes.prefix(bytes.isEmpty ? 0 : random.below(bytes.count)))
            return String(decoding: bytes, as: UTF8.self)
        case .swapValues:
            let pairs = lines.indices.filter { lines[$0].contains(": ") }
            guard pairs.count >= 2 else { return text }
            let a = pairs[random.below(pairs.count)], b = pairs[random.below(pairs.count)]
            let (ka, va) = split(lines[a]), (kb, vb) = split(lines[b])
            lines[a] = ka + vb
            lines[b] = kb + va
        case .typeChange:
            let pairs = lines.indices.filter { lines[$0].contains(": ") || lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("- ") }
            guard !pairs.isEmpty else { return text }
            let i = pairs[random.below(pairs.count)]
            let replacement = Self.values[random.below(Self.values.count)]
            if lines[i].contains(": ") {
                lines[i] = split(lines[i]).key + replacement
            } else {
                let indent = lines[i].prefix { $0 == " " }
                lines[i] = indent + "- " + replacement
            }
        case .yamlSyntax:
            let i = lines.isEmpty ? 0 : random.below(lines.count + 1)
            lines.insert(Self.syntax[random.below(Self.syntax.count)], at: min(i, lines.count))
        case .lineEndings:
            switch random.below(3) {
            case 0: return lines.joined(separator: "\r\n")
            case 1: return lines.joined(separator: "\r")
            default: return "\u{FEFF}" + lines.joined(separator: "\n")
            }
        case .splice:
            // Half of this file, half of another.
            let other = Self.seeds[random.below(Self.seeds.count)]
            let mine = lines.prefix(random.below(lines.count + 1))
            let theirs = Self.lines(other.text).map(String.init)
            return (Array(mine) + theirs.suffix(random.below(theirs.count + 1))).joined(separator: "\n")
        }
        return lines.joined(separator: "\n")
    }

    static func split(_ line: String) -> (key: String, value: String) {
        guard let range = line.range(of: ": ") else { return (line, "") }
        return (String(line[..<range.upperBound]), String(line[range.upperBound...]))
    }

    static let oddScalars: [String] = [
        "😀", "👨‍👩‍👧‍👦", "政", "\u{301}", "\u{0}", "\u{1}", "\u{7}", "\u{1B}[31m", "\u{FEFF}", "\u{2028}", "\u{2029}", "\u{85}",
        "\u{202E}", "\u{200B}", "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}", "\u{E000}", "\t", "\r", "\n", ": ", "- ", "#", "&a ", "*a", "!!binary ",
        "'", "\"", "\\", "{", "}", "[", "]", ",", "|", ">", "%", "@", "`", "\u{3000}", "：", "－ ",
    ]

    static let values: [String] = [
        "", "~", "null", "[a, b]", "[]", "{}", "{x: 1}", "{text: 选项, feedback: 反馈}", "123", "-1", "0", "1.5", "1e400", "-1e400", ".nan",
        ".inf", "0x1F", "99999999999999999999999999", "true", "false", "yes", "\"\"", "'  '", "|\n  多行\n  文本", ">-\n  折叠",
        "[1, [2, [3, [4]]]]", "A", "Z", "ABCDEFGHIJKLM", "[2, 99]", "[0]", "[-3]", "single", "redact", "exam", "practice", "all-or-nothing",
        "&x 1", "*x", "*undefined", "!!str 5", "!!int x", "!custom 1", String(repeating: "长", count: 3000), "- a\n- b",
        "[" + String(repeating: "[", count: 300) + String(repeating: "]", count: 301),
    ]

    static let syntax: [String] = [
        "---", "...", "%YAML 1.2", "%TAG ! tag:x,2020:", "? complex key", ": value", "- stray", "  - deeper", "key without colon",
        "dup: 1", "id: other-id", "questions:", "questions: []", "lessons: 5", "quiz: {pass_percent: 101}", "version: -1", "unknown_key: x",
        "<<: *base", "base: &base {a: 1}", "\"unterminated", "'unterminated", "[unclosed", "{unclosed", "\t- tab indented", "#!/bin/sh",
        "answer: C", "options: [a, b, c, d, e, f, g, h, i, j, k, l, m]",
    ]

    /// Line breaks as an editor counts them: \n, \r\n and a lone \r.
    static func lineCount(_ text: String) -> Int {
        var count = 1
        var previousCR = false
        for byte in text.utf8 {
            if byte == 0x0A {
                if !previousCR { count += 1 }
                previousCR = false
            } else if byte == 0x0D {
                count += 1
                previousCR = true
            } else {
                previousCR = false
            }
        }
        return count
    }

    /// Also counting the breaks YAML 1.1 knows (NEL, LS, PS), which libyaml counts as lines.
    static func yamlLineCount(_ text: String) -> Int {
        lineCount(text) + text.unicodeScalars.filter { $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }.count
    }

    static func makeCase(_ index: Int, seed: UInt64) -> Case {
        var random = SeededGenerator(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
        let source = seeds[random.below(seeds.count)]
        var mutations: [Mutation] = []
        var text = source.text
        for _ in 0..<(1 + random.below(3)) {
            let mutation = Mutation.allCases[random.below(Mutation.allCases.count)]
            mutations.append(mutation)
            text = mutate(text, mutation, &random)
        }
        // Sometimes validated with the other fixture files, so cross-references are checked too.
        var companions: [Seed] = []
        if random.below(3) == 0 {
            companions = seeds.filter { $0.name.hasPrefix("Tests/Fixtures/") && $0.name != source.name }
        }
        return Case(index: index, seed: source, mutations: mutations, text: text, companions: companions)
    }

    /// Problems with the diagnostics of one case (empty: all good).
    static func check(_ fuzz: Case) -> (diagnostics: Int, problems: [String], valid: Bool, pastEditorEnd: Int) {
        let sources = [(file: fuzz.seed.name, text: fuzz.text)] + fuzz.companions.map { (file: $0.name, text: $0.text) }
        let library = CourseLibrary.load(sources: sources)
        let texts = Dictionary(sources.map { ($0.file, $0.text) }, uniquingKeysWith: { a, _ in a })
        var problems: [String] = []
        var pastEditorEnd = 0
        for d in library.diagnostics {
            _ = d.rendered(.zh)
            _ = d.rendered(.en)
            guard !d.file.isEmpty, let text = texts[d.file] else {
                problems.append("unknown file '\(d.file)': \(d)")
                continue
            }
            // libyaml also breaks lines at NEL, LS and PS (YAML 1.1), so those count as lines here;
            // how often that puts a diagnostic past the last line an editor shows is counted apart.
            if d.line < 1 || d.column < 1 || d.line > yamlLineCount(text) + 1 {
                problems.append("\(d) — the text has \(lineCount(text)) lines (\(yamlLineCount(text)) counting NEL/LS/PS)")
            } else if d.line > lineCount(text) + 1 {
                pastEditorEnd += 1
            }
        }
        let valid = !library.diagnostics.contains { $0.file == fuzz.seed.name && $0.severity == .error }
        return (library.diagnostics.count, problems, valid, pastEditorEnd)
    }

    @Test func mutatedCourseFilesNeverCrashTheValidatorAndEveryDiagnosticHasARealLocation() throws {
        let environment = ProcessInfo.processInfo.environment
        let cases = environment["GONGKAI_FUZZ_CASES"].flatMap(Int.init) ?? 300
        let start = environment["GONGKAI_FUZZ_START"].flatMap(Int.init) ?? 0
        let seed = environment["GONGKAI_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_200_708
        let trace = environment["GONGKAI_FUZZ_TRACE"]
        // Lets the stress script prove it notices a crash (Tests/Stress/stress.sh --self-test).
        let crashAt = environment["GONGKAI_FUZZ_SIMULATE_CRASH_AT"].flatMap(Int.init)
        try #require(Self.seeds.count >= 4, "course files found: \(Self.seeds.map(\.name))")
        // The unmutated files are valid: every diagnostic later is the mutation's doing.
        for folder in ["Courses/", "Tests/Fixtures/"] {
            let clean = CourseLibrary.load(sources: Self.seeds.filter { $0.name.hasPrefix(folder) }.map { (file: $0.name, text: $0.text) })
            #expect(!clean.diagnostics.hasErrors, "\(clean.diagnostics.prefix(5))")
        }

        let began = Date()
        var diagnostics = 0, stillValid = 0, badLocations = 0, pastEditorEnd = 0
        var examples: [String] = []
        var byMutation: [Mutation: Int] = [:]
        for index in start..<cases {
            let fuzz = Self.makeCase(index, seed: seed)
            if let trace {
                let header = "case \(index) seed \(seed) file \(fuzz.seed.name) mutations \(fuzz.mutations.map(\.rawValue).joined(separator: ","))\n"
                try? Data((header + fuzz.text).utf8).write(to: URL(fileURLWithPath: trace))
            }
            if index == crashAt { fatalError("simulated crash at fuzz case \(index)") }
            let (count, problems, valid, past) = Self.check(fuzz)
            diagnostics += count
            pastEditorEnd += past
            if valid { stillValid += 1 }
            for mutation in fuzz.mutations { byMutation[mutation, default: 0] += 1 }
            if !problems.isEmpty {
                badLocations += problems.count
                if examples.count < 8 { examples.append("case \(index) (\(fuzz.seed.name), \(fuzz.mutations.map(\.rawValue))): \(problems[0])") }
            }
        }
        let line = "FIGURE fuzz.cases \(cases - start)\nFIGURE fuzz.diagnostics \(diagnostics)\nFIGURE fuzz.bad_locations \(badLocations)\nFIGURE fuzz.still_valid \(stillValid)\nFIGURE fuzz.lines_past_editor_end \(pastEditorEnd)\nFIGURE fuzz.seconds \(Int(Date().timeIntervalSince(began)))\n"
        FileHandle.standardError.write(Data(line.utf8))
        if let path = environment["GONGKAI_STRESS_FIGURES"] {
            let handle = FileHandle(forWritingAtPath: path) ?? { _ = FileManager.default.createFile(atPath: path, contents: nil); return FileHandle(forWritingAtPath: path)! }()
            handle.seekToEndOfFile()
            handle.write(Data(line.replacingOccurrences(of: "FIGURE ", with: "").utf8))
            try? handle.close()
        }
        if let trace { try? FileManager.default.removeItem(atPath: trace) }
        #expect(Set(byMutation.keys) == Set(Mutation.allCases) || cases - start < 50, "\(byMutation)")
        #expect(badLocations == 0, "\(badLocations) diagnostics without a real location, e.g.\n\(examples.joined(separator: "\n"))")
    }

    @Test func hostileYAMLShapesGetDiagnosticsNotCrashes() {
        let shapes: [String] = [
            "", "\u{FEFF}", "---\n---\n", "...", "~", "[]", "- a\n- b", "\"just a string\"", "id: x\n" + String(repeating: "  ", count: 2000) + "deep: 1",
            "title: " + String(repeating: "[", count: 100_000), "a: &a [x]\nb: *a\nc: *nope", "id: \u{0}", "\u{85}\u{2028}\u{2029}id: x",
            "questions:\n" + String(repeating: "  - {id: q, type: single}\n", count: 300),
            "id: sample\nquestions: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000),
        ]
        for (index, text) in shapes.enumerated() {
            let library = CourseLibrary.load(sources: [(file: "shape\(index).yaml", text: text)])
            #expect(!library.diagnostics.isEmpty, "shape \(index) is not a course")
            let bad = library.diagnostics.filter {
                $0.file != "shape\(index).yaml" || $0.line < 1 || $0.column < 1 || $0.line > Self.yamlLineCount(text) + 1
            }
            #expect(bad.isEmpty, "shape \(index): \(bad.prefix(3))")
        }
    }
}
