import Foundation
import Security

/// The 256-bit SQLCipher key of each store (docs/adr/0009-encryption-at-rest.md), kept in the
/// Keychain as a generic password with `kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly`: it
/// is not in backups, never leaves this device, and is readable only after the first unlock
/// since boot (the app syncs in the background after that). Made once from the system CSPRNG.
public enum StoreKeychain {
    static let service = "fieldsales.store-key"

    public enum KeychainError: Error {
        case status(OSStatus)
        case random(OSStatus)
    }

    /// The key of the store named `store` (its file name), made and saved on first use.
    public static func key(for store: String) throws -> Data {
        var query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: store,
            kSecReturnData as String: true,
            kSecMatchLimit as String: kSecMatchLimitOne,
        ]
        var found: CFTypeRef?
        let status = SecItemCopyMatching(query as CFDictionary, &found)
        if status == errSecSuccess, let data = found as? Data, data.count == 32 {
            return data
        }
        guard status == errSecItemNotFound else { throw KeychainError.status(status) }
        var bytes = [UInt8](repeating: 0, count: 32)
        let made = SecRandomCopyBytes(kSecRandomDefault, bytes.count, &bytes)
        guard made == errSecSuccess else { throw KeychainError.random(made) }
        let key = Data(bytes)
        query.removeValue(forKey: kSecReturnData as String)
        query.removeValue(forKey: kSecMatchLimit as String)
        query[kSecValueData as String] = key
        query[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        let added = SecItemAdd(query as CFDictionary, nil)
        guard added == errSecSuccess else { throw KeychainError.status(added) }
        return key
    }

    /// Forget the key of a store that was deleted (by a sign-out) or wiped (a revoked device).
    public static func forget(store: String) {
        let query: [String: Any] = [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: store,
        ]
        SecItemDelete(query as CFDictionary)
    }
}
