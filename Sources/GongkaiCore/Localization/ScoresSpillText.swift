/// Wording about the scratch file a large `report scores` sorts its cells in (`ScoresReport.Aggregate`).
public enum ScoresSpillText: CatalogueMessage, Equatable {
    /// The cells could not be written to the scratch file: the report holds them instead.
    case spillFailed(String)
    /// The cells written to the scratch file could not be read back.
    case spillReadFailed(String)
    /// The table of record ids a report keeps could not be written to (or read back from) a scratch file.
    case idSpillFailed(String)

    public func text(in l: Language) -> String {
        switch self {
        case .spillFailed(let reason):
            return l.pick("无法把人员成绩写入临时文件（\(reason)），改为全部保存在内存中", "could not write the people's cells to a scratch file (\(reason)); holding them in memory instead")
        case .idSpillFailed(let reason):
            return l.pick("无法把已读记录的编号表写入临时文件（\(reason)），改为保存在内存中", "could not keep the table of record ids read in a scratch file (\(reason)); holding it in memory instead")
        case .spillReadFailed(let reason):
            return l.pick("无法读回临时文件中的人员成绩：\(reason)", "could not read the people's cells back from the scratch file: \(reason)")
        }
    }
}
