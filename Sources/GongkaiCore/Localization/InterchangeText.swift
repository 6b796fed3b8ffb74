/// Messages of `gongkai import` and `gongkai export`: problems found in a question bank, and the summaries.
public enum ImportMessage: CatalogueMessage, Equatable {
    case cannotOpen(format: String, reason: String)
    case notEncoded
    case noHeaderRow
    case sheetSkipped
    case unknownColumn(String)
    case duplicateColumn(String)
    case noQuestions
    case emptyPrompt
    case unknownType(String)
    case typeMissing
    case typeNotImportable(type: String, format: String)
    case answerMissing
    case answerLetterWithoutOption(letter: String, count: Int)
    case answerNotALetter(String)
    case typeDoesNotFitAnswer(type: String, answer: String)
    case answerNotTrueFalse(String)
    case answerNotANumber(String)
    case badNumber(column: String, value: String)
    case tooFewOptions(count: Int)
    case tooManyOptions(count: Int)
    case optionsNotAllowed(type: String)
    case emptyOption(letter: String)
    case duplicateOption(letter: String, first: String)
    case orderIncomplete(expected: Int)
    case redactLineOutOfRange(line: Int, count: Int)
    case redactMissingReason(line: Int)
    case badFeedback(String)
    case badID(String)
    case duplicateID(String, first: String)
    case duplicateQuestion(first: String)
    case unsourced
    case textOutsideQuestion(String)
    case unreadableQuestion(String)
    case cannotWriteFaithfully

    public func text(in l: Language) -> String {
        switch self {
        case .cannotOpen(let format, let reason):
            return l.pick("无法按 \(format) 格式读取：\(reason)", "cannot read as \(format): \(reason)")
        case .notEncoded:
            return l.pick("文件既不是 UTF-8 也不是 GBK/GB18030 编码", "the file is neither UTF-8 nor GBK/GB18030")
        case .noHeaderRow:
            return l.pick("找不到表头行（需要有“题干”列）", "no header row found (a 题干 column is needed)")
        case .sheetSkipped:
            return l.pick("这个工作表没有“题干”列，已跳过", "this sheet has no 题干 column: skipped")
        case .unknownColumn(let c):
            return l.pick("不认识的列“\(c)”，该列内容未导入", "unknown column '\(c)': its content is not imported")
        case .duplicateColumn(let c):
            return l.pick("列“\(c)”出现了两次", "column '\(c)' appears twice")
        case .noQuestions:
            return l.pick("文件中没有找到任何题目", "no questions found in the file")
        case .emptyPrompt:
            return l.pick("题干为空", "the question text (题干) is empty")
        case .unknownType(let t):
            return l.pick("不认识的题型“\(t)”（可用：单选题、多选题、判断题、填空题、数值题、排序题、区分处理题）",
                "unknown question type '\(t)' (known: 单选题 single, 多选题 multiple, 判断题 truefalse, 填空题 fill, 数值题 numeric, 排序题 order, 区分处理题 redact)")
        case .typeMissing:
            return l.pick("无法判断题型：请填写“题型”列或加上“一、单选题”这样的标题", "cannot tell the question type: fill in 题型 or add a heading such as 一、单选题")
        case .typeNotImportable(let type, let format):
            return l.pick("gongkai 没有 \(format) 的“\(type)”题型，这道题未导入", "gongkai has no \(format) '\(type)' questions: not imported")
        case .answerMissing:
            return l.pick("没有答案", "no answer")
        case .answerLetterWithoutOption(let letter, let count):
            return l.pick("答案 \(letter) 没有对应的选项（本题只有 \(count) 个选项）", "answer \(letter) has no option (the question has \(count) options)")
        case .answerNotALetter(let a):
            return l.pick("答案“\(a)”不是选项字母", "answer '\(a)' is not option letters")
        case .typeDoesNotFitAnswer(let type, let answer):
            return l.pick("题型与答案不符：\(typeName(type, l))的答案不能是“\(answer)”", "the type does not fit the answer: a \(typeName(type, l)) question cannot have the answer '\(answer)'")
        case .answerNotTrueFalse(let a):
            return l.pick("判断题的答案应为 对/错（√/×），而不是“\(a)”", "a true/false answer must be 对/错 (true/false), not '\(a)'")
        case .answerNotANumber(let a):
            return l.pick("数值题的答案“\(a)”不是数字", "the numeric answer '\(a)' is not a number")
        case .badNumber(let c, let v):
            return l.pick("“\(c)”的值“\(v)”不是正数", "'\(v)' in \(c) is not a positive number")
        case .tooFewOptions(let n):
            return l.pick("选择题至少需要 2 个选项（只有 \(n) 个）", "a choice question needs at least 2 options (has \(n))")
        case .tooManyOptions(let n):
            return l.pick("选项最多 12 个（有 \(n) 个）", "at most 12 options (has \(n))")
        case .optionsNotAllowed(let type):
            return l.pick("\(typeName(type, l))不应有选项", "a \(typeName(type, l)) question has no options")
        case .emptyOption(let letter):
            return l.pick("选项 \(letter) 为空，但后面还有选项", "option \(letter) is empty but later options are not")
        case .duplicateOption(let letter, let first):
            return l.pick("选项 \(letter) 与选项 \(first) 相同", "option \(letter) repeats option \(first)")
        case .orderIncomplete(let n):
            return l.pick("排序题的答案要把全部 \(n) 个选项排一遍", "an order answer must list all \(n) options")
        case .redactLineOutOfRange(let line, let count):
            return l.pick("要删除的第 \(line) 行不存在（共 \(count) 行）", "line \(line) to withhold does not exist (\(count) lines)")
        case .redactMissingReason(let line):
            return l.pick("第 \(line) 行缺少删除理由", "line \(line) has no reason")
        case .badFeedback(let text):
            return l.pick("选项反馈“\(text)”应写成“C：反馈内容”", "option feedback '\(text)' must look like 'C：text'")
        case .badID(let id):
            return l.pick("编号“\(id)”只能包含小写字母、数字和连字符", "id '\(id)' may contain only lower-case letters, digits and hyphens")
        case .duplicateID(let id, let first):
            return l.pick("编号“\(id)”重复（\(first) 已使用）", "duplicate id '\(id)' (first used at \(first))")
        case .duplicateQuestion(let first):
            return l.pick("与 \(first) 的题目重复", "duplicate of the question at \(first)")
        case .unsourced:
            return l.pick("没有依据（已导入，validate 会提示补上）", "no source (依据): imported, validate will flag it")
        case .textOutsideQuestion(let text):
            return l.pick("这一行不属于任何题目：“\(text)”", "this line belongs to no question: '\(text)'")
        case .cannotWriteFaithfully:
            return l.pick("课程文件无法原样写出（可能含有本版本不认识的题型或字段），未写入任何文件", "the course file cannot be written without losing content (a question type or field this version does not know); nothing written")
        case .unreadableQuestion(let text):
            return l.pick("无法读取这道题：\(text)", "cannot read this question: \(text)")
        }
    }

    func typeName(_ raw: String, _ l: Language) -> String {
        guard let type = QuestionType(rawValue: raw) else { return l.pick("“\(raw)”题", "'\(raw)'") }
        return l.pick(BankVocabulary.heading(type), BankVocabulary.englishName(type))
    }
}

/// Summaries and command messages of `import` / `export`.
public enum InterchangeText: CatalogueMessage, Equatable {
    case unsupportedExtension(file: String, supported: String)
    case unsupportedExportFormat(String, supported: String)
    case exportFormatMissing(supported: String)
    case dryRunHeader(count: Int, course: String, path: String)
    case dryRunQuestion(mark: String, id: String, type: String, prompt: String, place: String)
    case imported(count: Int, replaced: Int, kept: Int, path: String, version: Int)
    case nothingWritten(errors: Int)
    case summary(errors: Int, warnings: Int)
    case exported(count: Int, path: String)
    case exportSkipped(id: String, type: String, format: String)
    case exportIncomplete(count: Int, format: String)
    case courseFileInvalid(path: String)
    case unknownCourse(String)
    case outMustBeNamedAfterCourse(out: String, expected: String)
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public func text(in l: Language) -> String {
        switch self {
        case .unsupportedExtension(let file, let supported):
            return l.pick("不支持的文件类型：\(file)（支持：\(supported)）", "unsupported file type: \(file) (supported: \(supported))")
        case .unsupportedExportFormat(let f, let supported):
            return l.pick("不支持的导出格式“\(f)”（支持：\(supported)）", "unsupported export format '\(f)' (supported: \(supported))")
        case .exportFormatMissing(let supported):
            return l.pick("请用 --format 指定导出格式（\(supported)），或给出带扩展名的 --out", "give --format (\(supported)) or an --out with one of their extensions")
        case .dryRunHeader(let count, let course, let path):
            return l.pick("试运行：将向课程 \(course)（\(path)）导入 \(count) 道题，未写入任何文件（+ 新增，~ 替换原题，= 与原题相同）：",
                "dry run: would import \(counted(count, "question")) into \(course) (\(path)); nothing written (+ new, ~ replaces a question, = unchanged):")
        case .dryRunQuestion(let mark, let id, let type, let prompt, let place):
            return "\(mark) \(id)  [\(type)]  \(prompt)  (\(place))"
        case .imported(let count, let replaced, let kept, let path, let version):
            return l.pick("已导入 \(count) 道题（替换 \(replaced) 道，保留原有 \(kept) 道），写入 \(path)（第 \(version) 版）。请运行 gongkai validate 检查。",
                "imported \(counted(count, "question")) (\(replaced) replaced, \(kept) kept) into \(path) (version \(version)); run gongkai validate to check")
        case .nothingWritten(let errors):
            return l.pick("有 \(errors) 处错误，未写入任何文件；改正后重新导入。", "\(counted(errors, "error")): nothing written; fix them and import again")
        case .summary(let errors, let warnings):
            return l.pick("\(errors) 个错误，\(warnings) 个警告", "\(counted(errors, "error")), \(counted(warnings, "warning"))")
        case .exported(let count, let path):
            return l.pick("已导出 \(count) 道题到 \(path)", "exported \(counted(count, "question")) to \(path)")
        case .exportSkipped(let id, let type, let format):
            return l.pick("题目 \(id)（\(type)）无法用 \(format) 格式表示，未导出", "question \(id) (\(type)) cannot be held by \(format): not exported")
        case .exportIncomplete(let count, let format):
            return l.pick("\(count) 道题未能导出到 \(format)，请改用 xlsx 格式以保留全部题目", "\(counted(count, "question")) not exported to \(format); use xlsx to keep every question")
        case .courseFileInvalid(let path):
            return l.pick("课程文件 \(path) 有错误，请先运行 gongkai validate 改正", "the course file \(path) has errors; run gongkai validate and fix them first")
        case .unknownCourse(let id):
            return l.pick("找不到课程 \(id)", "no course \(id)")
        case .outMustBeNamedAfterCourse(let out, let expected):
            return l.pick("--out \(out)：课程文件必须以课程编号命名，即 \(expected)", "--out \(out): a course file must be named after its id: \(expected)")
        case .cannotRead(let path, let reason):
            return l.pick("无法读取 \(path)：\(reason)", "cannot read \(path): \(reason)")
        case .cannotWrite(let path, let reason):
            return l.pick("无法写入 \(path)：\(reason)", "cannot write \(path): \(reason)")
        }
    }
}

/// `--help` of `import` and `export`.
public enum InterchangeHelp: CatalogueMessage {
    case importAbstract, importDiscussion, filesArgument, courseOption, outOption, titleOption, dryRunFlag
    case exportAbstract, exportCourseAbstract, courseArgument, formatOption, exportOutOption

    public func text(in l: Language) -> String {
        switch self {
        case .importAbstract:
            return l.pick("从 Excel/WPS、CSV、Word、文本、GIFT 或 Moodle XML 题库导入题目。", "Import questions from Excel/WPS, CSV, Word, text, GIFT or Moodle XML banks.")
        case .importDiscussion:
            return l.pick("支持：\(BankFormat.supportedExtensions)。写入（或合并到）课程文件，原有课文和测验设置保留。",
                "Supported: \(BankFormat.supportedExtensions). Writes (or merges into) the course file, keeping its lessons and quiz settings.")
        case .filesArgument: return l.pick("题库文件。", "Bank files.")
        case .courseOption: return l.pick("课程编号（小写字母、数字、连字符）。", "Course id (lower-case letters, digits, hyphens).")
        case .outOption: return l.pick("课程文件（默认 课程目录/编号.yaml）。", "Course file (default COURSES/ID.yaml).")
        case .titleOption: return l.pick("新课程的名称（默认取第一个文件名）。", "Title of a new course (default: the first file's name).")
        case .dryRunFlag: return l.pick("只显示将导入的内容，不写入。", "Show what would be imported; write nothing.")
        case .exportAbstract: return l.pick("导出课程题库或学习记录。", "Export a course's bank, or learning records.")
        case .exportCourseAbstract:
            return l.pick("把课程题库导出为 xlsx、docx、GIFT 或 Moodle XML，供编辑和校对。", "Export a course's questions as xlsx, docx, GIFT or Moodle XML for editing and proofreading.")
        case .courseArgument: return l.pick("课程编号。", "Course id.")
        case .formatOption: return l.pick("xlsx | docx | gift | moodle-xml（默认取 --out 的扩展名）。", "xlsx | docx | gift | moodle-xml (default: the extension of --out).")
        case .exportOutOption: return l.pick("输出文件（默认 ./课程编号.扩展名）。", "Output file (default ./COURSE.EXT).")
        }
    }
}
