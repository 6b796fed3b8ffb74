/// Numbers keys 0, 1, 2, … in the order they are first met, looked up by a hash
/// computed beforehand (for instance on several cores): on a hit the key itself
/// is compared, and keys whose hash meets another key's are kept exactly.
struct OrdinalTable<Key: Hashable & Sendable>: Sendable {
    private var byHash: [Int: Int] = [:]
    private var collided: [Key: Int] = [:]
    private(set) var keys: [Key] = []

    /// The ordinal of `key`; `hash` must be the same for equal keys.
    mutating func ordinal(of key: Key, hash: Int) -> Int {
        if let known = byHash[hash] {
            if keys[known] == key { return known }
            if let exact = collided[key] { return exact }
            keys.append(key)
            collided[key] = keys.count - 1
            return keys.count - 1
        }
        keys.append(key)
        byHash[hash] = keys.count - 1
        return keys.count - 1
    }
}
