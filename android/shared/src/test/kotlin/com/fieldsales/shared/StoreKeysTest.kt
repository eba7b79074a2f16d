package com.fieldsales.shared

import com.fieldsales.ffi.FieldSales
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.Role
import java.io.File
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Assert.fail
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** AES-GCM with a key held in memory: what the Android Keystore wrapper does, off the phone. */
class MemoryKeyWrapper : KeyWrapper {
    private val key: SecretKey = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()

    override fun wrap(plain: ByteArray): ByteArray {
        val c = Cipher.getInstance("AES/GCM/NoPadding")
        c.init(Cipher.ENCRYPT_MODE, key)
        return c.iv + c.doFinal(plain)
    }

    override fun unwrap(wrapped: ByteArray): ByteArray {
        val c = Cipher.getInstance("AES/GCM/NoPadding")
        c.init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(128, wrapped, 0, 12))
        return c.doFinal(wrapped, 12, wrapped.size - 12)
    }
}

class StoreKeysTest {
    @get:Rule
    val tmp = TemporaryFolder()

    @Test
    fun aStoreKeyIsMadeOnceKeptWrappedAndOpensTheEncryptedStore() {
        val keys = StoreKeys(MemoryKeyWrapper())
        val path = File(tmp.root, "ana.db").path
        val key = keys.keyFor(path)
        assertEquals(32, key.size)
        assertArrayEquals("the same key every time", key, keys.keyFor(path))
        val saved = File("$path.key").readBytes()
        assertFalse("only the wrapped key is on disk", saved.toList().windowed(32).any { it == key.toList() })

        FieldSales.createWithKey(path, "ana", Role.REP, "Europe/Berlin", key).use { it.closeStore() }
        assertFalse(String(File(path).readBytes().copyOf(15)) == "SQLite format 3")
        FieldSales.openWithKey(path, keys.keyFor(path)).use { assertTrue(it.isEncrypted()) }

        // another phone's (or a reinstalled app's) platform key cannot unwrap it
        try {
            StoreKeys(MemoryKeyWrapper()).keyFor(path)
            fail("a foreign platform key must not unwrap the store key")
        } catch (e: javax.crypto.AEADBadTagException) {
            // expected
        }
        keys.forget(path)
        val fresh = keys.keyFor(path)
        try {
            FieldSales.openWithKey(path, fresh).close()
            fail("a new key must not open the store")
        } catch (e: FieldSalesException.Storage) {
            // expected: a wrong key, and the store is left as it was
        }
        assertTrue(File(path).exists())
    }
}
