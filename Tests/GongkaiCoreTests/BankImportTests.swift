import Foundation
import Testing

@testable import GongkaiCore

/// `gongkai import` on the committed fixtures (made by openpyxl and python-docx, see
/// Tests/Fixtures/Import/make_fixtures.py): what each format gives, every problem with its place.
@Suite struct BankImportTests {
    static let folder: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures/Import").path
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }

    static func run(_ names: [String], existing: Course? = nil) throws -> BankImport.Outcome {
        let files = try names.map { name in (name: name, format: try #require(BankFormat.forFile(name)), bytes: try bytes(name)) }
        return BankImport.run(files: files, courseID: "bank", title: "题库", existing: existing)
    }

    static func rendered(_ problems: [BankProblem]) -> [String] { problems.map { $0.rendered(.en) } }

    @Test func theTemplateWorkbookGivesEveryTypeWithColumnsInAnyOrder() throws {
        let outcome = try Self.run(["bank.xlsx"])
        #expect(Self.rendered(outcome.problems) == ["bank.xlsx:9: warning: no source (依据): imported, validate will flag it"])
        let q = outcome.imported
        #expect(q.map(\.type) == [.single, .multiple, .truefalse, .fill, .numeric, .order, .single])
        #expect(q[0].id == "rh-deadline")
        #expect(q[0].answer == .single(2) && q[0].options.map(\.text) == ["10个工作日", "15个工作日", "20个工作日", "30个工作日"])
        #expect(q[0].source == "条例第三十三条" && q[0].explanation == "2019年修订的条例规定为20个工作日。")
        #expect(q[1].answer == .multiple([0, 1, 3]) && q[1].points == 2)
        #expect(q[2].answer == .trueFalse(true) && q[2].options.isEmpty)
        #expect(q[3].answer == .fill(["办公厅", "国务院办公厅"]))
        #expect(q[4].answer == .numeric(value: 20, tolerance: 0))
        #expect(q[5].answer == .order([1, 0, 3, 2]))
        #expect(q[6].source.isEmpty)
        #expect(outcome.places["rh-deadline"]?.description == "bank.xlsx:3")
        // The course written is one that validate accepts, with the unsourced question flagged.
        let yaml = try #require(outcome.yaml)
        let library = CourseLibrary.load(sources: [("bank.yaml", yaml)])
        #expect(library.errorCount == 0, "\(library.diagnostics)")
        #expect(library.courses.first?.questions == q)
        #expect(library.diagnostics.filter { $0.message == .unsourced }.count == 1)
    }

    @Test func idsAreStableAcrossRunsAndFormats() throws {
        let first = try Self.run(["bank.xlsx"]).imported.map(\.id)
        let second = try Self.run(["bank.xlsx"]).imported.map(\.id)
        #expect(first == second)
        #expect(Set(first).count == first.count)
        #expect(first.dropFirst().allSatisfy { $0.hasPrefix("q-") && Slug.isValid($0) })
        // The same question typed in a Word bank gets the same id as in the workbook.
        let word = try Self.run(["bank.docx"]).imported
        let principles = try #require(word.first { $0.prompt == "政府信息公开应当遵循哪些原则？" })
        #expect(principles.id == first[1])
    }

    @Test func oneSheetPerTypeNamesTheType() throws {
        let outcome = try Self.run(["by-type.xlsx"])
        #expect(Self.rendered(outcome.problems) == ["by-type.xlsx:填写说明!1: warning: this sheet has no 题干 column: skipped"])
        #expect(outcome.imported.map(\.type) == [.single, .multiple, .truefalse, .truefalse])
        #expect(outcome.imported.map(\.answer) == [.single(1), .multiple([0, 1]), .trueFalse(true), .trueFalse(false)])
        #expect(outcome.imported.map { outcome.places[$0.id]?.description ?? "" }
            == ["by-type.xlsx:单选题!2", "by-type.xlsx:多选题!2", "by-type.xlsx:判断题!2", "by-type.xlsx:判断题!3"])
    }

    @Test func aWorkbookSavedAsWPSIsRead() throws {
        let outcome = try Self.run(["wps.xlsx"])
        #expect(outcome.problems.isEmpty, "\(Self.rendered(outcome.problems))")
        let q = outcome.imported
        #expect(q.count == 2)
        // Rich-text runs of a shared string are one text; the 序号 column is not an id.
        #expect(q[0].prompt == "依申请公开的答复期限最长可以延长多少个工作日？")
        #expect(q[0].type == .single && q[0].answer == .single(2) && q[0].source == "条例第三十三条")
        #expect(q[1].type == .truefalse && q[1].answer == .trueFalse(false))
        #expect(q.allSatisfy { $0.id.hasPrefix("q-") })
    }

    @Test func excelEscapesInCellTextAreDecoded() {
        #expect(XLSXReader.unescape("第一行_x000D_\n第二行") == "第一行\n第二行")
        #expect(XLSXReader.unescape("A_x0009_B_x4E2D_") == "A\tB中")
        #expect(XLSXReader.unescape("_x_ 与 x000D") == "_x_ 与 x000D")
    }

    @Test func csvInUTF8WithAndWithoutBOMAndInGBKGivesTheSameQuestions() throws {
        #expect(TextDecoding.detect(try Self.bytes("bank-gbk.csv"))?.encoding == .gb18030)
        #expect(TextDecoding.detect(try Self.bytes("bank-utf8.csv"))?.encoding == .utf8)
        #expect(TextDecoding.detect(try Self.bytes("bank-utf8-bom.csv"))?.encoding == .utf8BOM)
        let utf8 = try Self.run(["bank-utf8.csv"])
        #expect(utf8.problems.isEmpty, "\(Self.rendered(utf8.problems))")
        #expect(utf8.imported.map(\.id) == ["csv-1", "csv-2", "csv-3"])
        #expect(utf8.imported[1].prompt == "行政机关不得以“商业秘密”为由拒绝公开所有信息，\n应当作区分处理。")
        #expect(utf8.imported[1].explanation == "条例第三十七条，含有“引号”，和逗号。")
        #expect(utf8.imported[2].answer == .fill(["20", "二十"]))
        // Rows as Excel shows them, though row 3 holds a line break.
        #expect(utf8.imported.map { utf8.places[$0.id]?.number ?? 0 } == [2, 3, 4])
        for name in ["bank-gbk.csv", "bank-utf8-bom.csv"] {
            #expect(try Self.run([name]).imported == utf8.imported, "\(name)")
        }
    }

    @Test func bytesThatAreNeitherUTF8NorGBKAreReportedNotGuessed() {
        let outcome = BankImport.run(files: [("bad.csv", .csv, [0x80, 0xFF, 0xFE, 0x41])], courseID: "bank", title: "t", existing: nil)
        #expect(Self.rendered(outcome.problems) == ["bad.csv: error: the file is neither UTF-8 nor GBK/GB18030"])
        #expect(outcome.yaml == nil)
        // GB18030 round trip through Foundation, four-byte sequences included.
        let text = "政务公开 €𠀀"
        #expect(TextDecoding.encodeGB18030(text).flatMap(TextDecoding.decode) == text)
    }

    @Test func wordAndTextBanksInTheUsualLayout() throws {
        let word = try Self.run(["bank.docx"])
        let text = try Self.run(["bank.txt"])
        #expect(word.imported == text.imported)
        let q = word.imported
        #expect(q.map(\.type) == [.single, .single, .multiple, .truefalse, .truefalse, .fill])
        #expect(q[1].options.map(\.text) == ["县政府办公室", "县统计局", "县档案馆"])  // A、… B、… on one line
        #expect(q[1].answer == .single(0) && q[1].source == "条例第四十九条")  // 答案： 依据：
        #expect(q[2].options.map(\.text) == ["公正", "公平", "保密优先", "便民"])  // （A）
        #expect(q[3].answer == .trueFalse(true) && q[4].answer == .trueFalse(false))
        #expect(q[5].answer == .fill(["办公厅", "国务院办公厅"]))
        #expect(Self.rendered(text.problems) == [
            "bank.txt:1: warning: this line belongs to no question: '景泰县政务公开应知应会题库'",
            "bank.txt:16: warning: no source (依据): imported, validate will flag it",
            "bank.txt:24: warning: no source (依据): imported, validate will flag it",
        ])
    }

    @Test func wordsOwnNumberingAndAnAnswerInTheStem() throws {
        let outcome = try Self.run(["numbered.docx"])
        #expect(outcome.problems.isEmpty, "\(Self.rendered(outcome.problems))")
        let q = outcome.imported
        #expect(q.map(\.prompt) == ["不能当场答复的，应当自收到申请之日起多少个工作日内答复？", "行政机关依申请公开政府信息的答复期限是（　）。"])
        #expect(q.map(\.answer) == [.single(2), .single(2)])
        #expect(q.allSatisfy { $0.options.count == 3 && $0.source == "条例第三十三条" })
        #expect(q.map { outcome.places[$0.id]?.number ?? 0 } == [2, 8])
        // A true/false answer in the brackets too; one bracket only, else it is text.
        let lines = ["三、判断题", "1. 申请人可以口头提出申请。（√）", "2. 选（A）还是（B）？", "【答案】A", "【依据】条例"]
        let drafts = TextBankParser.drafts(file: "t.txt", lines: lines).drafts
        #expect(drafts.map(\.answer) == ["√", "A"])
        #expect(drafts.map(\.prompt) == ["申请人可以口头提出申请。（　）", "选（A）还是（B）？"])
    }

    @Test func everyUnreadableRowIsReportedWithItsRow() throws {
        let outcome = try Self.run(["errors.xlsx"])
        #expect(Self.rendered(outcome.problems) == [
            "errors.xlsx:3: error: answer E has no option (the question has 4 options)",
            "errors.xlsx:4: error: the type does not fit the answer: a true/false question cannot have the answer 'B'",
            "errors.xlsx:5: error: the question text (题干) is empty",
            "errors.xlsx:6: error: duplicate of the question at errors.xlsx:2",
            "errors.xlsx:7: error: unknown question type '问答题' (known: 单选题 single, 多选题 multiple, 判断题 truefalse, 填空题 fill, 数值题 numeric, 排序题 order, 区分处理题 redact)",
            "errors.xlsx:8: error: the type does not fit the answer: a single-choice question cannot have the answer 'AB'",
        ])
        #expect(outcome.yaml == nil)
        #expect(outcome.imported.count == 1)
        // In Chinese, too.
        #expect(outcome.problems[0].rendered(.zh) == "errors.xlsx:3: error: 答案 E 没有对应的选项（本题只有 4 个选项）")
    }

    @Test func everyUnreadableQuestionIsReportedWithItsLine() throws {
        let outcome = try Self.run(["errors.txt"])
        #expect(Self.rendered(outcome.problems) == [
            "errors.txt:2: error: answer C has no option (the question has 2 options)",
            "errors.txt:7: error: the question text (题干) is empty",
            "errors.txt:16: error: duplicate of the question at errors.txt:11",
            "errors.txt:22: error: the type does not fit the answer: a true/false question cannot have the answer 'A'",
        ])
    }

    @Test func giftAndMoodleBanks() throws {
        let gift = try Self.run(["bank.gift"])
        #expect(gift.problems.filter { $0.severity == .error }.map { $0.rendered(.en) } == ["bank.gift:21: error: gongkai has no GIFT 'matching' questions: not imported"])
        #expect(gift.imported.map(\.type) == [.single, .multiple, .truefalse, .fill, .numeric])
        #expect(gift.imported[0].id == "gift-single" && gift.imported[0].tags == ["deadline"])
        #expect(gift.imported[0].answer == .single(2) && gift.imported[0].options[2].feedback == "正确")
        #expect(gift.imported[0].explanation == "条例第三十三条。")
        #expect(gift.imported[1].answer == .multiple([0, 1]))
        #expect(gift.imported[3].prompt == "全国政府信息公开工作的主管部门是国务院{____}。")
        #expect(gift.imported[4].answer == .numeric(value: 20, tolerance: 0))

        let moodle = try Self.run(["bank-moodle.xml"])
        #expect(moodle.problems.filter { $0.severity == .error }.map { $0.rendered(.en) } == ["bank-moodle.xml:34: error: gongkai has no Moodle XML 'essay' questions: not imported"])
        let m = moodle.imported
        #expect(m.map(\.type) == [.single, .multiple, .truefalse, .numeric])
        #expect(m[0].prompt == "不能当场答复的，应当自收到申请之日起多少个工作日内答复？")  // HTML reduced to text
        #expect(m[0].answer == .single(1) && m[0].options[1].feedback == "正确")
        #expect(m[1].points == 2 && m[1].answer == .multiple([0, 1]))
        #expect(m[3].answer == .numeric(value: 20, tolerance: 1))
    }

    // MARK: Merging

    @Test func mergingKeepsLessonsQuizSettingsAndOtherQuestions() throws {
        let existing = try #require(TestSupport.loadFixtureLibrary().course(id: "sample"))
        let outcome = try Self.run(["bank.xlsx"], existing: existing)
        let course = try #require(outcome.course)
        #expect(course.lessons == existing.lessons && course.quiz == existing.quiz && course.title == existing.title)
        #expect(Array(course.questions.prefix(existing.questions.count)) == existing.questions)
        #expect(course.questions.count == existing.questions.count + 7)
        #expect(course.version == existing.version + 1)
        #expect(outcome.kept == existing.questions.count && outcome.replaced == 0)
        // Importing the same again changes nothing more: same ids, replaced in place.
        let again = try Self.run(["bank.xlsx"], existing: course)
        #expect(again.course == course)
        #expect(again.replaced == 7)
    }

    // MARK: Round trips

    /// A course with every question type and every field a question can have.
    static func everyType() throws -> Course {
        var course = try #require(TestSupport.loadFixtureLibrary().course(id: "sample"))
        course.questions.append(Question(
            id: "x-numeric-tolerance", type: .numeric, points: 1.5, prompt: "多行题干：\n第二行，含 {括号} = ~ # : 和 \\ 反斜杠",
            answer: .numeric(value: 2.5, tolerance: 0.5), explanation: "第一段。\n\n第二段。", source: "条例第一条", tags: ["a", "b"]))
        course.questions.append(Question(
            id: "x-order", type: .order, prompt: "排序", options: [AnswerOption("乙"), AnswerOption("甲", feedback: "先甲"), AnswerOption("丙")],
            answer: .order([1, 0, 2]), explanation: "", source: "条例第二条"))
        course.questions.append(Question(
            id: "x-unsourced", type: .single, prompt: "没有依据的一题", options: [AnswerOption("是"), AnswerOption("否")],
            answer: .single(1), explanation: "解析", source: ""))
        course.digest = CourseDigest.compute(course)
        return course
    }

    @Test(arguments: BankFormat.exportFormats + [.csv, .txt])
    func exportThenImportGivesAnIdenticalCourse(format: BankFormat) throws {
        let course = try Self.everyType()
        let output = try BankExport.render(course, format: format)
        #expect(output.skipped.map(\.type) == course.questions.map(\.type).filter { !format.holds($0) })
        #expect(output.exported + output.skipped.count == course.questions.count)
        let name = "bank." + format.fileExtension
        // Into the course it came from: identical, version and all; what the format cannot hold is kept.
        let merged = BankImport.run(files: [(name, format, output.bytes)], courseID: course.id, title: course.title, existing: course)
        #expect(merged.problems.errorCount == 0, "\(Self.rendered(merged.problems))")
        #expect(merged.course == course)
        // Into a new course: exactly the questions the format holds, nothing else lost.
        let fresh = BankImport.run(files: [(name, format, output.bytes)], courseID: "fresh", title: "t", existing: nil)
        // (Word and text group the questions by type, under 一、单选题 and so on.)
        #expect(fresh.imported.sorted { $0.id < $1.id } == course.questions.filter { format.holds($0.type) }.sorted { $0.id < $1.id })
        #expect(fresh.problems.filter { $0.severity == .warning }.map(\.message) == [.unsourced])
    }

    @Test(arguments: BankFormat.exportFormats)
    func theBundledCoursesSurviveAnExportAndImport(format: BankFormat) throws {
        for course in CourseContentTests.library.courses {
            let output = try BankExport.render(course, format: format)
            let back = BankImport.run(files: [("bank", format, output.bytes)], courseID: course.id, title: course.title, existing: course)
            #expect(back.problems.isEmpty, "\(course.id): \(Self.rendered(back.problems).prefix(3))")
            #expect(back.course == course, "\(course.id) through \(format)")
            #expect(back.replaced == output.exported)
        }
    }

    @Test func aQuestionInTwoFilesIsADuplicateWithBothPlaces() throws {
        let outcome = try Self.run(["bank.docx", "bank.txt"])
        let duplicates = outcome.problems.filter { if case .duplicateQuestion = $0.message { return true } else { return false } }
        #expect(duplicates.count == 6)
        #expect(duplicates.first?.rendered(.en) == "bank.txt:3: error: duplicate of the question at bank.docx:3")
        #expect(outcome.yaml == nil)
    }

    @Test func aCourseTheWriterCannotReproduceIsNotWritten() throws {
        var course = try #require(TestSupport.loadFixtureLibrary().course(id: "sample"))
        #expect(BankImport.faithfulYAML(course) != nil)
        // Trailing spaces are trimmed when a course is read: such a course would come back changed.
        course.questions[0].prompt += "  "
        #expect(BankImport.faithfulYAML(course) == nil)
        let outcome = BankImport.run(files: [("b.txt", .txt, Array("1. 新题？\n【答案】对\n【依据】条例".utf8))], courseID: "sample", title: "t", existing: course)
        #expect(outcome.yaml == nil)
        #expect(Self.rendered(outcome.problems).last?.hasPrefix("sample.yaml: error: the course file cannot be written without losing content") == true)
    }

    @Test func everyFormatHoldsTheCommonTypes() {
        for format in BankFormat.allCases {
            #expect([QuestionType.single, .multiple, .truefalse, .fill, .numeric].allSatisfy(format.holds), "\(format)")
        }
        #expect(BankFormat.xlsx.heldTypes + [.deadline] == QuestionType.allCases)
    }

    @Test func theCourseFileWriterReadsBackEveryBundledCourse() throws {
        let library = CourseContentTests.library
        #expect(library.courses.count == 3)
        for course in library.courses + [try Self.everyType()] {
            let yaml = CourseYAMLWriter.render(course)
            let back = CourseLibrary.load(sources: [("\(course.id).yaml", yaml)], calendar: library.calendar)
            #expect(back.errorCount == 0, "\(course.id): \(back.diagnostics.prefix(3))")
            let same = back.courses.first == course
            #expect(same, "\(course.id) reads back as written")
        }
    }

    @Test func anUnsourcedQuestionIsAWarningInValidateNotAnError() {
        let library = TestSupport.loadCourseYAML("""
            id: demo
            title: 示例
            version: 1
            questions:
              - {id: q1, type: truefalse, prompt: 一, answer: true, explanation: 解}
              - {id: q2, type: truefalse, prompt: 二, answer: false, explanation: 解, source: ""}
              - {id: q3, type: truefalse, prompt: 三, answer: false, explanation: 解, source: 条例第一条}
            """)
        #expect(library.errorCount == 0)
        #expect(library.courses.first?.questions.count == 3)
        #expect(library.diagnostics.map { "\($0.line):\($0.severity.rawValue):\($0.message.text(in: .en))" } == [
            "5:warning:question has no source; add the article or report section it rests on",
            "6:warning:question has no source; add the article or report section it rests on",
        ])
    }

    @Test func unsupportedExtensionsAreNotGuessed() {
        #expect(BankFormat.forFile("题库.xls") == nil)
        #expect(BankFormat.forFile("题库.pdf") == nil)
        #expect(BankFormat.forFile("题库") == nil)
        #expect(BankFormat.forFile("dir.v2/题库.XLSX") == .xlsx)
        #expect(BankFormat.supportedExtensions == ".xlsx .csv .docx .txt .gift .xml")
    }
}
