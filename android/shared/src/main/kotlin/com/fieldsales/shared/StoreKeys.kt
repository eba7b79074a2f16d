package com.fieldsales.shared

import java.io.File
import java.security.SecureRandom

/**
 * Encrypts and decrypts the store key with a key the platform holds and never hands out: the
 * app's implementation uses an AES-GCM key in the Android Keystore (hardware-backed where the
 * phone has it). Throws when the platform key is gone or the bytes were tampered with.
 */
interface KeyWrapper {
    fun wrap(plain: ByteArray): ByteArray

    fun unwrap(wrapped: ByteArray): ByteArray
}

/**
 * The 256-bit SQLCipher key of each store (docs/adr/0009-encryption-at-rest.md): made once
 * from a CSPRNG, kept only wrapped by [wrapper] in a file beside the store (`<store>.key`, in
 * the app's private files), unwrapped in memory when the store is opened. The key in clear
 * never touches the disk.
 */
class StoreKeys(
    private val wrapper: KeyWrapper,
    private val random: SecureRandom = SecureRandom(),
) {
    private fun file(storePath: String) = File("$storePath.key")

    /** The store's key, made (and saved wrapped) on first use. */
    fun keyFor(storePath: String): ByteArray {
        val f = file(storePath)
        if (f.exists()) return wrapper.unwrap(f.readBytes())
        val key = ByteArray(32).also(random::nextBytes)
        // written beside it first: a crash never leaves half a wrapped key under the real name
        val partial = File("$storePath.key.partial")
        partial.writeBytes(wrapper.wrap(key))
        check(partial.renameTo(f)) { "could not save the store key" }
        return key
    }

    /** Forget the store's key (after a sign-out deleted the store, or a revocation wiped it). */
    fun forget(storePath: String) {
        file(storePath).delete()
    }
}
