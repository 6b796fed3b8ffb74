import Testing

@testable import GongkaiCore

@Suite struct ResponseParserTests {
    let single = TestSupport.single("s", key: 2)
    let multiple = TestSupport.multiple("m", key: [0, 2])
    let order = TestSupport.order("o")
    let truth = TestSupport.trueFalse("t")
    let fill = TestSupport.fill("f")
    let numeric = TestSupport.numeric("n")
    let redact = TestSupport.redact("r")
    let identity = [0, 1, 2, 3]

    private func parse(_ input: String, _ question: Question, shown: [Int]? = nil) -> Result<Response, AnswerMessage> {
        ResponseParser.parse(input, question: question, shown: shown ?? Array(question.options.indices))
    }

    private func failure(_ result: Result<Response, AnswerMessage>) -> AnswerMessage? {
        if case .failure(let message) = result { return message }
        return nil
    }

    // MARK: Letters

    @Test(arguments: ["A", "a", "Ａ", "ａ", " a ", "\tA"])
    func singleLetterInEveryCaseAndWidth(_ input: String) {
        #expect(parse(input, single) == .success(.options([0])))
    }

    @Test(arguments: ["AC", "ac", "a c", "A,C", "A、C", "Ａ，Ｃ", "ＡＣ", "c a", "A;C", "A，C", "A/C", "a+c", "A和C", "A C A"])
    func multipleLettersInEveryForm(_ input: String) {
        #expect(parse(input, multiple) == .success(.options([0, 2])))
    }

    @Test func singleWithTwoLettersIsRejected() {
        #expect(failure(parse("AC", single)) == .singleNeedsOne)
        #expect(failure(parse("a b", single)) == .singleNeedsOne)
        // The same letter twice is still one choice.
        #expect(parse("aa", single) == .success(.options([0])))
    }

    @Test func letterBeyondTheOptionsIsRejectedWithTheRightMessage() {
        let threeOptions = TestSupport.single("s3", key: 0, options: 3)
        let result = parse("D", threeOptions)
        #expect(failure(result) == .letterOutOfRange(letter: "D", last: "C"))
        #expect(failure(result)?.text(in: .en) == "There is no option D; choose from A–C.")
        #expect(failure(result)?.text(in: .zh) == "没有选项 D，可选 A–C。")
        // Full width and lower case are reported in the canonical form.
        #expect(failure(parse("ｄ", threeOptions)) == .letterOutOfRange(letter: "D", last: "C"))
        // Letters past L are not option letters at all, but still a clear message.
        #expect(failure(parse("Z", threeOptions)) == .letterOutOfRange(letter: "Z", last: "C"))
        #expect(failure(parse("AD", multiple)) == nil)
        #expect(failure(parse("AE", multiple)) == .letterOutOfRange(letter: "E", last: "D"))
    }

    @Test func nonLettersAreRejected() {
        #expect(failure(parse("1", single)) == .notLetters(last: "D"))
        #expect(failure(parse("甲", single)) == .notLetters(last: "D"))
        #expect(failure(parse(",,", multiple)) == .notLetters(last: "D"))
        #expect(failure(parse("1", single))?.text(in: .en) == "Enter option letters A–D.")
    }

    @Test func emptyInputGivesTheHintForTheType() {
        #expect(failure(parse("", single)) == .empty(hint: .single(last: "D")))
        #expect(failure(parse("   ", redact)) == .empty(hint: .redact(count: 5)))
        #expect(failure(parse("\u{1B}[A", truth)) == .empty(hint: .truefalse))
        #expect(failure(parse("", multiple))?.text(in: .en) == "Please enter an answer. all correct letters A–D, e.g. AC, a c, A,C")
        #expect(failure(parse("", single))?.text(in: .zh) == "请输入答案。输入一个字母 A–D")
    }

    @Test func shuffledShownOrderMapsLettersBackToOriginalIndices() {
        let shown = [2, 0, 3, 1]
        #expect(parse("A", single, shown: shown) == .success(.options([2])))
        #expect(parse("b", single, shown: shown) == .success(.options([0])))
        #expect(parse("C,D", multiple, shown: shown) == .success(.options([1, 3])))
        #expect(parse("ad", multiple, shown: shown) == .success(.options([1, 2])))
        // Order: typed positions in the shown list become original indices, in typed order.
        #expect(parse("BDAC", order, shown: shown) == .success(.options([0, 1, 2, 3])))
        #expect(parse("ABCD", order, shown: shown) == .success(.options([2, 0, 3, 1])))
    }

    @Test func orderMustBeAPermutation() {
        #expect(parse("DCBA", order) == .success(.options([3, 2, 1, 0])))
        #expect(parse("d c b a", order) == .success(.options([3, 2, 1, 0])))
        #expect(failure(parse("ABC", order)) == .orderIncomplete(count: 4, last: "D"))
        #expect(failure(parse("AABC", order)) == .orderIncomplete(count: 4, last: "D"))
        #expect(failure(parse("ABCDA", order)) == .orderIncomplete(count: 4, last: "D"))
        #expect(
            failure(parse("AB", order))?.text(in: .en)
                == "Enter all 4 letters (A–D) once each, in order, e.g. BCDA.")
    }

    // MARK: True / false

    @Test(arguments: ["对", "T", "t", "Y", "y", "√", "true", "TRUE", "True", "yes", "是", "正确", "对。", "Ｔ", "✓"])
    func trueInEveryForm(_ input: String) {
        #expect(parse(input, truth) == .success(.truth(true)))
    }

    @Test(arguments: ["错", "F", "f", "N", "n", "×", "false", "FALSE", "no", "否", "错误", "不对", "错！", "Ｆ", "x"])
    func falseInEveryForm(_ input: String) {
        #expect(parse(input, truth) == .success(.truth(false)))
    }

    @Test(arguments: ["maybe", "A", "1", "对错", "tf"])
    func otherTextIsNotTrueOrFalse(_ input: String) {
        #expect(failure(parse(input, truth)) == .notTrueFalse)
    }

    // MARK: Fill

    @Test func fillKeepsTheTrimmedTextAndGradingFoldsIt() throws {
        let result = parse("  国务院办公厅。 ", fill)
        #expect(result == .success(.text("国务院办公厅。")))
        let response = try result.get()
        #expect(Grader.grade(fill, response: response, scoring: .partial).points == 1)
        // Control characters and escape sequences never reach the answer.
        #expect(parse("办公\u{7}厅\u{1B}[31m", fill) == .success(.text("办公厅")))
    }

    @Test(arguments: [
        ("办公厅", "办公厅"), ("ＡＢＣ", "abc"), ("  Abc  ", "abc"), ("abc。", "abc"), ("“办公厅”", "办公厅"),
        ("①", "1"), ("20 个工作日", "20个工作日"), ("Ｈｅｌｌｏ　Ｗｏｒｌｄ", "helloworld"),
    ])
    func fillNormalisationFoldsWidthCaseSpacesAndPunctuation(_ typed: String, _ key: String) {
        #expect(TextNormalization.answerKey(typed) == TextNormalization.answerKey(key))
        #expect(TextNormalization.answerKey(typed) == key)
    }

    @Test func fillNormalisationDoesNotConflateDifferentAnswers() {
        #expect(TextNormalization.answerKey("办公厅") != TextNormalization.answerKey("办公室"))
        #expect(TextNormalization.answerKey("20") != TextNormalization.answerKey("200"))
    }

    // MARK: Numbers

    @Test(arguments: [
        ("20", 20.0), ("20个工作日", 20), ("20 个工作日", 20), ("二十", 20), ("二十个工作日", 20), ("２０", 20),
        ("２０个", 20), ("20.5", 20.5), ("-3", -3), ("+7", 7), ("1,000", 1000), ("十", 10), ("十五", 15),
        ("一百零五", 105), ("两千", 2000), ("三百二十", 320), ("零", 0), ("15天", 15),
    ])
    func numbersInEveryForm(_ input: String, _ value: Double) {
        #expect(parse(input, numeric) == .success(.number(value)))
    }

    @Test(arguments: ["twenty", "二十天3", "20 30", "1e3", ".", "abc20", "--5", "第二十"])
    func nonNumbersAreRejected(_ input: String) {
        #expect(failure(parse(input, numeric)) == .notANumber)
    }

    @Test func chineseNumeralParser() {
        #expect(ChineseNumeral.parse("九千九百九十九") == 9999)
        #expect(ChineseNumeral.parse("二十一") == 21)
        #expect(ChineseNumeral.parse("") == nil)
        #expect(ChineseNumeral.parse("二x") == nil)
    }

    // MARK: Redact lines

    @Test(arguments: [
        ("2 5", [2, 5]), ("2,5", [2, 5]), ("2，5", [2, 5]), ("2、5", [2, 5]), ("5 2", [2, 5]), ("2-4", [2, 3, 4]),
        ("2~4", [2, 3, 4]), ("2至4", [2, 3, 4]), ("1, 3-4", [1, 3, 4]), ("２ ５", [2, 5]), ("2 2", [2]), ("1-5", [1, 2, 3, 4, 5]),
    ])
    func redactLineForms(_ input: String, _ lines: [Int]) {
        #expect(parse(input, redact) == .success(.lines(lines)))
    }

    @Test(arguments: ["无", "none", "NONE", "没有", "不删除"])
    func redactNothing(_ input: String) {
        #expect(parse(input, redact) == .success(.lines([])))
    }

    @Test func redactLinesOutOfRangeOrMalformed() {
        #expect(failure(parse("6", redact)) == .lineOutOfRange(line: 6, count: 5))
        #expect(failure(parse("2 6", redact)) == .lineOutOfRange(line: 6, count: 5))
        #expect(failure(parse("3-9", redact)) == .lineOutOfRange(line: 9, count: 5))
        #expect(failure(parse("6", redact))?.text(in: .en) == "There is no line 6; lines are 1–5.")
        #expect(failure(parse("4-2", redact)) == .notLineNumbers(count: 5))
        #expect(failure(parse("a", redact)) == .notLineNumbers(count: 5))
        #expect(failure(parse("2--4", redact)) == .notLineNumbers(count: 5))
        #expect(failure(parse("二", redact)) == .notLineNumbers(count: 5))
    }

    // MARK: Limits

    @Test func overLongInputIsRejected() {
        let limit = ResponseParser.maximumLength
        #expect(failure(parse(String(repeating: "a", count: limit + 1), fill)) == .tooLong(limit: limit))
        #expect(failure(parse(String(repeating: "字", count: limit + 1), fill)) == .tooLong(limit: limit))
        #expect(failure(parse(String(repeating: "A", count: limit + 1), multiple)) == .tooLong(limit: limit))
        #expect(parse(String(repeating: "a", count: limit), fill) == .success(.text(String(repeating: "a", count: limit))))
        #expect(failure(parse(String(repeating: "a", count: limit + 1), fill))?.text(in: .en) == "Input too long (at most 2000 characters).")
    }

    // MARK: The key never leaks

    /// The message for a wrong input must be the same whatever the key is, so
    /// that trying answers never reveals it.
    @Test(arguments: ["AC", "E", "Z", "1", "", "a b c", "AB"])
    func errorMessagesDoNotDependOnTheSingleKey(_ input: String) {
        var texts: Set<String> = []
        for key in 0..<4 {
            let question = TestSupport.single("s", key: key)
            if let message = failure(parse(input, question)) {
                texts.insert(message.text(in: .en) + "|" + message.text(in: .zh))
            }
        }
        #expect(texts.count <= 1)
    }

    @Test func singleKeyCIsNotNamedWhenTwoLettersAreTyped() throws {
        let keyC = TestSupport.single("s", key: 2)
        let message = try #require(failure(parse("AC", keyC)))
        for language in Language.allCases {
            let text = message.text(in: language)
            #expect(!text.contains("C"), "\(text)")
            #expect(!text.contains(keyC.options[2].text))
        }
    }

    @Test(arguments: ["ABC", "AABB", "DCB"])
    func orderMessagesDoNotDependOnTheKey(_ input: String) {
        let keys: [[Int]] = [[0, 1, 2, 3], [3, 2, 1, 0], [1, 2, 3, 0], [2, 0, 3, 1]]
        let texts = Set(keys.compactMap { key in failure(parse(input, TestSupport.order("o", key: key)))?.text(in: .en) })
        #expect(texts.count == 1)
    }

    @Test func numericAndRedactMessagesDoNotDependOnTheKey() {
        let a = failure(parse("twenty", TestSupport.numeric("n", value: 20)))
        let b = failure(parse("twenty", TestSupport.numeric("n", value: 15)))
        #expect(a != nil && a == b)
        let r1 = failure(parse("9", TestSupport.redact("r", reasons: [1: "x"])))
        let r2 = failure(parse("9", TestSupport.redact("r", reasons: [3: "y", 4: "z"])))
        #expect(r1 != nil && r1 == r2)
    }

    // MARK: Display

    @Test func responsesDisplayInFileAndShownTerms() {
        #expect(Response.options([0, 2]).display(.en) == "AC")
        #expect(Response.options([0, 2]).displayShown([2, 0, 3, 1], .en) == "AB", "choice letters sorted as shown, never BA")
        #expect(Response.options([0, 2]).displayShown([2, 0, 3, 1], .en, type: .order) == "BA", "an order is the answer itself")
        #expect(Response.truth(true).display(.zh) == "对")
        #expect(Response.truth(false).display(.en) == "false")
        #expect(Response.number(20).display(.en) == "20")
        #expect(Response.number(20.5).display(.en) == "20.5")
        #expect(Response.lines([2, 5]).display(.en) == "2, 5")
        #expect(Response.lines([]).display(.zh) == "（不删除任何行）")
        #expect(AnswerKey.redact([4: "b", 2: "a"]).asResponse == .lines([2, 4]))
        #expect(AnswerKey.fill(["x", "y"]).asResponse == .text("x"))
    }
}
