/// What `gongkai seal` and `gongkai verify` say.
public enum SealText: CatalogueMessage, Equatable {
    case sealAbstract, verifyAbstract, keyOption, sealOutOption, sealFileOption, verifyKeyOption
    case keyInsideResults(String)
    case keyCreated(String)
    case badKey(String)
    case sealed(records: Int, file: String, fingerprint: String)
    case badSeal(String, String)
    case signatureInvalid(String)
    case wrongKey(expected: String, found: String)
    case changed(String), removed(String)
    case added(Int)
    case holds(records: Int, fingerprint: String)
    case broken(changed: Int, removed: Int)

    public func text(in l: Language) -> String {
        switch self {
        case .sealAbstract:
            return l.pick("为结果文件夹中的全部记录加封：记录摘要的默克尔根由办公室密钥（Ed25519）签名。", "Seal every record in the results folder: a Merkle root of their digests signed with the office's Ed25519 key.")
        case .verifyAbstract:
            return l.pick(
                "核对记录是否与封存时一致（有改动、删除或重新计算摘要即失败）；或核对培训合格证明的验证码。",
                "Check the records against a seal (fails on any record changed, removed or re-digested), or a certificate's verification code.")
        case .keyOption: return l.pick("办公室密钥文件（放在 Results/ 之外；不存在时新建）。", "The office's key file (outside Results/; created when missing).")
        case .sealOutOption: return l.pick("封存文件的路径。", "Where to write the seal.")
        case .sealFileOption: return l.pick("要核对的封存文件。", "The seal to check against.")
        case .verifyKeyOption: return l.pick("办公室密钥文件：封存必须由它签名。", "The office's key file: the seal must be signed by it.")
        case .keyInsideResults(let p): return l.pick("错误：密钥 \(p) 位于结果文件夹内；能改记录的人也能换密钥，请放在 Results/ 之外。", "error: the key \(p) is inside the results folder; whoever can change records could replace it. Keep it outside Results/.")
        case .keyCreated(let p): return l.pick("已新建办公室密钥 \(p)，请妥善保管。", "created the office key \(p); keep it safe.")
        case .badKey(let p): return l.pick("错误：\(p) 不是有效的密钥文件", "error: \(p) is not a valid key file")
        case .sealed(let n, let file, let fp): return l.pick("已封存 \(n) 条记录：\(file)（密钥指纹 \(fp)）", "sealed \(n) records: \(file) (key fingerprint \(fp))")
        case .badSeal(let p, let why): return l.pick("错误：无法读取封存文件 \(p)：\(why)", "error: cannot read the seal \(p): \(why)")
        case .signatureInvalid(let p): return l.pick("错误：封存文件 \(p) 的签名无效（封存文件被改动过）", "error: the signature of the seal \(p) is not valid (the seal was changed)")
        case .wrongKey(let expected, let found): return l.pick("错误：封存不是由办公室密钥签名的（应为 \(expected)，实为 \(found)）", "error: the seal was not signed with the office key (expected \(expected), found \(found))")
        case .changed(let p): return l.pick("已改动：\(p)", "changed: \(p)")
        case .removed(let p): return l.pick("已删除：\(p)", "removed: \(p)")
        case .added(let n): return l.pick("封存后新增 \(n) 条记录（不在封存范围内）", "\(n) \(n == 1 ? "record" : "records") added since the seal (not covered by it)")
        case .holds(let n, let fp): return l.pick("封存有效：\(n) 条记录均未改动（密钥指纹 \(fp)）", "the seal holds: \(n) records unchanged (key fingerprint \(fp))")
        case .broken(let c, let r): return l.pick("封存被破坏：\(c) 条改动，\(r) 条删除", "the seal is broken: \(c) changed, \(r) removed")
        }
    }
}
