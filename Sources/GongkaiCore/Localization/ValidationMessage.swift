/// Messages about course, checklist and roster files (`gongkai validate`).
public enum ValidationMessage: CatalogueMessage, Equatable {
    public enum ValueKind: String, Sendable {
        case string, integer, number, boolean, list, mapping, date
    }

    public enum Entity: String, Sendable {
        case course, question, lesson, option, item, unit, session, checklist, roster
    }

    case cannotRead(reason: String)
    /// A file-system error, in the user's words (never Swift's enum text).
    case fileProblem(FileSystemError)
    /// A course folder or file that is a symbolic link: not followed.
    case symlinkNotFollowed(path: String)
    case notUTF8
    case yamlSyntax(problem: String)
    case emptyDocument
    case aliasNotSupported
    case duplicateKey(String)
    case unknownKey(String, suggestion: String?)
    case missingKey(String)
    case wrongType(key: String, expected: ValueKind)
    case emptyValue(key: String)
    case invalidSlug(key: String, value: String)
    case idDoesNotMatchFileName(id: String, expected: String)
    case duplicateID(Entity, id: String, firstLine: Int)
    case notPositive(key: String)
    case negative(key: String)
    case outOfRange(key: String, value: String, range: String)
    case unknownValue(key: String, value: String, allowed: [String])
    case noQuestions
    case drawLargerThanPool(draw: Int, pool: Int)
    case tooFewOptions(type: String, minimum: Int)
    case tooManyOptions(count: Int)
    case emptyOption(number: Int)
    case duplicateOption(text: String, first: String)
    case optionsNotAllowed(type: String)
    case answerLetterOutOfRange(letter: String, last: String)
    case answerNotALetter(value: String)
    case answerSingleNeedsOneLetter(value: String)
    case answerDuplicateLetter(letter: String)
    case answerOrderIncomplete(expected: Int)
    case answerNotBoolean(value: String)
    case answerFillEmpty
    case answerNotANumber(value: String)
    case toleranceOnlyForNumeric
    case redactNeedsLines
    case redactLineOutOfRange(line: Int, count: Int)
    case redactMissingReason(line: Int)
    case redactReasonForUnmarkedLine(line: Int)
    case linesOnlyForRedact
    case reasonsOnlyForRedact
    case invalidDate(value: String)
    case unknownCourse(id: String)
    case unknownChecklist(id: String)
    case pathNotFound(path: String)
    case noYAMLFiles(path: String)
    case multipleRosters(first: String)
    case duplicateFileID(Entity, id: String, otherFile: String)
    case noItems
    case ambiguousUnitName(String, otherUnit: String)
    /// The holiday calendar and `deadline` questions (messages in DeadlineText.swift).
    case deadline(DeadlineValidationMessage)
    case unsourced
    case invalidHomePage(value: String)

    public func text(in l: Language) -> String {
        switch self {
        case .cannotRead(let reason): return l.pick("无法读取文件：\(reason)", "cannot read file: \(reason)")
        case .fileProblem(let error): return l.pick("无法读取文件：\(FileProblemMessage(error).text(in: l))", "cannot read file: \(FileProblemMessage(error).text(in: l))")
        case .symlinkNotFollowed(let path):
            return l.pick("\(path) 是符号链接，为安全起见不跟随；请直接放入文件或给出真实路径", "\(path) is a symbolic link; not followed for safety (put the file itself there, or give the real path)")
        case .notUTF8: return l.pick("文件不是 UTF-8 编码（请用 UTF-8 另存）", "file is not UTF-8 (save it as UTF-8)")
        case .yamlSyntax(let problem): return l.pick("YAML 语法错误：\(problem)", "YAML syntax error: \(problem)")
        case .emptyDocument: return l.pick("文件为空", "file is empty")
        case .aliasNotSupported: return l.pick("不支持 YAML 锚点引用（*alias），请直接写出内容", "YAML aliases (*alias) are not supported; write the content out")
        case .duplicateKey(let k): return l.pick("字段 '\(k)' 重复出现", "key '\(k)' appears more than once")
        case .unknownKey(let k, let s):
            let hint = s.map { l.pick("，是否想写 '\($0)'？", "; did you mean '\($0)'?") } ?? ""
            return l.pick("未知字段 '\(k)'\(hint)", "unknown key '\(k)'\(hint)")
        case .missingKey(let k): return l.pick("缺少必填字段 '\(k)'", "missing required key '\(k)'")
        case .wrongType(let k, let kind):
            return l.pick("字段 '\(k)' 应为\(kindName(kind, l))", "key '\(k)' must be \(kindName(kind, l))")
        case .emptyValue(let k): return l.pick("字段 '\(k)' 不能为空", "key '\(k)' must not be empty")
        case .invalidSlug(let k, let v):
            return l.pick("字段 '\(k)' 的值 '\(v)' 只能包含小写字母、数字和连字符", "'\(v)' in '\(k)' may contain only lower-case letters, digits and hyphens")
        case .idDoesNotMatchFileName(let id, let expected):
            return l.pick("id '\(id)' 与文件名不一致，应为 '\(expected)'", "id '\(id)' does not match the file name; expected '\(expected)'")
        case .duplicateID(let entity, let id, let firstLine):
            return l.pick("\(entityName(entity, l)) id '\(id)' 重复（第 \(firstLine) 行已使用）", "duplicate \(entityName(entity, l)) id '\(id)' (first used on line \(firstLine))")
        case .notPositive(let k): return l.pick("字段 '\(k)' 必须大于 0", "'\(k)' must be greater than 0")
        case .negative(let k): return l.pick("字段 '\(k)' 不能为负数", "'\(k)' must not be negative")
        case .outOfRange(let k, let v, let range): return l.pick("字段 '\(k)' 的值 \(v) 超出范围 \(range)", "'\(k)' is \(v), outside \(range)")
        case .unknownValue(let k, let v, let allowed):
            let list = allowed.joined(separator: ", ")
            return l.pick("字段 '\(k)' 的值 '\(v)' 无效，可用：\(list)", "'\(v)' is not a valid '\(k)'; use one of: \(list)")
        case .noQuestions: return l.pick("课程没有题目", "the course has no questions")
        case .drawLargerThanPool(let draw, let pool):
            return l.pick("draw 为 \(draw)，但题库只有 \(pool) 道题", "draw is \(draw) but the pool has only \(pool) questions")
        case .tooFewOptions(let type, let minimum):
            return l.pick("\(type) 题至少需要 \(minimum) 个选项", "a \(type) question needs at least \(minimum) options")
        case .tooManyOptions(let count): return l.pick("选项有 \(count) 个，最多 12 个（A–L）", "\(count) options; at most 12 (A–L)")
        case .emptyOption(let n): return l.pick("第 \(n) 个选项为空", "option \(n) is empty")
        case .duplicateOption(let text, let first):
            return l.pick("选项 '\(text)' 与选项 \(first) 重复", "option '\(text)' duplicates option \(first)")
        case .optionsNotAllowed(let type): return l.pick("\(type) 题不使用 options", "a \(type) question takes no options")
        case .answerLetterOutOfRange(let letter, let last):
            return l.pick("答案 '\(letter)' 超出选项范围（A–\(last)）", "answer '\(letter)' is outside the options (A–\(last))")
        case .answerNotALetter(let v): return l.pick("答案 '\(v)' 应为选项字母", "answer '\(v)' must be option letters")
        case .answerSingleNeedsOneLetter(let v):
            return l.pick("单选题答案只能是一个字母，实际为 '\(v)'", "a single-choice answer is one letter, not '\(v)'")
        case .answerDuplicateLetter(let letter): return l.pick("答案中字母 '\(letter)' 重复", "letter '\(letter)' repeats in the answer")
        case .answerOrderIncomplete(let n):
            return l.pick("排序题答案必须恰好包含全部 \(n) 个选项字母各一次", "an order answer must name each of the \(n) options exactly once")
        case .answerNotBoolean(let v): return l.pick("判断题答案应为 true 或 false，实际为 '\(v)'", "a true/false answer must be true or false, not '\(v)'")
        case .answerFillEmpty: return l.pick("填空题答案应为非空的可接受答案列表", "a fill answer must be a non-empty list of accepted answers")
        case .answerNotANumber(let v): return l.pick("数值题答案应为数字，实际为 '\(v)'", "a numeric answer must be a number, not '\(v)'")
        case .toleranceOnlyForNumeric: return l.pick("只有 numeric 题可以设置 tolerance", "only numeric questions take a tolerance")
        case .redactNeedsLines: return l.pick("redact 题需要 lines（待审查的文稿，每行一项）", "a redact question needs lines (the draft, one entry per line)")
        case .redactLineOutOfRange(let line, let count):
            return l.pick("行号 \(line) 超出文稿范围（1–\(count)）", "line \(line) is outside the draft (1–\(count))")
        case .redactMissingReason(let line): return l.pick("应删除的第 \(line) 行缺少 reasons 说明", "line \(line) is withheld but has no entry in reasons")
        case .redactReasonForUnmarkedLine(let line):
            return l.pick("reasons 中的第 \(line) 行不在答案中", "reasons names line \(line), which is not in the answer")
        case .linesOnlyForRedact: return l.pick("只有 redact 题使用 lines", "only redact questions take lines")
        case .reasonsOnlyForRedact: return l.pick("只有 redact 题使用 reasons", "only redact questions take reasons")
        case .invalidDate(let v): return l.pick("日期 '\(v)' 无效，应为 YYYY-MM-DD", "'\(v)' is not a valid date (YYYY-MM-DD)")
        case .unknownCourse(let id): return l.pick("培训场次引用了不存在的课程 '\(id)'", "the session names an unknown course '\(id)'")
        case .unknownChecklist(let id): return l.pick("培训场次引用了不存在的自查表 '\(id)'", "the session names an unknown checklist '\(id)'")
        case .pathNotFound(let p): return l.pick("找不到 '\(p)'", "'\(p)' does not exist")
        case .noYAMLFiles(let p): return l.pick("'\(p)' 下没有 YAML 文件", "no YAML files under '\(p)'")
        case .multipleRosters(let first): return l.pick("花名册只能有一份，另一份在 \(first)", "only one roster is allowed; another is at \(first)")
        case .duplicateFileID(let entity, let id, let other):
            return l.pick("\(entityName(entity, l)) id '\(id)' 与 \(other) 重复", "\(entityName(entity, l)) id '\(id)' is also used by \(other)")
        case .unsourced:
            return l.pick("题目没有依据（source），请补上条例条款或报告章节", "question has no source; add the article or report section it rests on")
        case .noItems: return l.pick("自查表没有条目", "the checklist has no items")
        case .ambiguousUnitName(let n, let o): return l.pick("单位名称或别名“\(n)”已用于单位 \(o)：同一个名称不能指向两个单位", "unit name or alias “\(n)” already names unit \(o): one name cannot point at two units")
        case .deadline(let message): return message.text(in: l)
        case .invalidHomePage(let v):
            return l.pick(
                "home_page '\(v)' 应为 http:// 或 https:// 开头的网址（如 https://www.jingtai.gov.cn/gongkai），不含空格、用户名、? 或 #",
                "home_page '\(v)' must be an http:// or https:// address (e.g. https://www.jingtai.gov.cn/gongkai) without spaces, user names, ? or #")
        }
    }

    private func kindName(_ kind: ValueKind, _ l: Language) -> String {
        switch kind {
        case .string: return l.pick("文本", "a string")
        case .integer: return l.pick("整数", "an integer")
        case .number: return l.pick("数字", "a number")
        case .boolean: return l.pick("true 或 false", "true or false")
        case .list: return l.pick("列表", "a list")
        case .mapping: return l.pick("映射（键: 值）", "a mapping (key: value)")
        case .date: return l.pick("日期 YYYY-MM-DD", "a date YYYY-MM-DD")
        }
    }

    private func entityName(_ entity: Entity, _ l: Language) -> String {
        switch entity {
        case .course: return l.pick("课程", "course")
        case .question: return l.pick("题目", "question")
        case .lesson: return l.pick("课文", "lesson")
        case .option: return l.pick("选项", "option")
        case .item: return l.pick("条目", "item")
        case .unit: return l.pick("单位", "unit")
        case .session: return l.pick("培训场次", "session")
        case .checklist: return l.pick("自查表", "checklist")
        case .roster: return l.pick("花名册", "roster")
        }
    }
}
