package com.fieldsales.ffi.tests

import com.fieldsales.ffi.AccountEdit
import com.fieldsales.ffi.AccountQuery
import com.fieldsales.ffi.ContactEdit
import com.fieldsales.ffi.FieldSalesException
import com.fieldsales.ffi.GeoPoint
import com.fieldsales.ffi.NewContact
import com.fieldsales.ffi.NewProduct
import com.fieldsales.ffi.RecordKind
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNull
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** Accounts, contacts, search, products and stock: values cross the boundary unchanged. */
class AccountsTest {
    @get:Rule
    val tmp = TemporaryFolder()

    private fun noEdit() = AccountEdit(null, null, null, null, null, null, null, null, null, null)

    @Test
    fun accountsRoundTripAndList() {
        newStore(tmp.root).use { store ->
            val geo = GeoPoint(52.520008, 13.404954)
            val created = store.createAccount(newAccount("Zeta Markt", city = "Hamburg", visitFrequencyDays = 14).copy(geo = geo))
            assertEquals("Zeta Markt", created.name)
            assertEquals("Zeta Markt GmbH", created.legalName)
            assertEquals("Hamburg", created.city)
            assertEquals("10115", created.postalCode)
            assertEquals(geo, created.geo)
            assertEquals(14L, created.visitFrequencyDays)
            assertEquals(store.identity().currency, created.currency)
            assertEquals(created, store.getAccount(created.id))
            store.createAccount(newAccount("Alpha Kiosk"))
            store.createAccount(newAccount("Mitte Shop"))

            val all = store.listAccounts(AccountQuery(null, null, null, 10u, 0u))
            assertEquals(listOf("Alpha Kiosk", "Mitte Shop", "Zeta Markt"), all.map { it.name })
            val page = store.listAccounts(AccountQuery(null, null, null, 1u, 1u))
            assertEquals(listOf("Mitte Shop"), page.map { it.name })
            val hamburg = store.listAccounts(AccountQuery(null, "Hamburg", null, 10u, 0u))
            assertEquals(listOf(created.id), hamburg.map { it.id })
            val searched = store.listAccounts(AccountQuery("kios", null, null, 10u, 0u))
            assertEquals(listOf("Alpha Kiosk"), searched.map { it.name })
            assertEquals(emptyList<Any>(), store.listAccounts(AccountQuery(null, null, "no-such-territory", 10u, 0u)))
        }
    }

    @Test
    fun notesInThaiPersianChineseAndVietnameseAppendExactlyInNfc() {
        newStore(tmp.root).use { store ->
            val a = store.createAccount(newAccount("ร้านกาแฟดอยช้าง"))
            val notes = listOf("ลูกค้าสั่งกาแฟทุกเดือน", "می\u200cخواهم \u200fفروشگاه", "茶叶 👩\u200d👩\u200d👧", "Nguye\u0302\u0303n Pho\u031b\u0309")
            for (n in notes) store.editAccount(a.id, noEdit().copy(note = n))
            val expected = (notes.take(3) + "Nguyễn Phở").joinToString("\n")
            assertEquals(expected, store.getAccount(a.id).notes)
        }
    }

    @Test
    fun editAccountChangesOnlyWhatIsGiven() {
        newStore(tmp.root).use { store ->
            val a = store.createAccount(newAccount("Acme"))
            val edited = store.editAccount(a.id, noEdit().copy(name = "Acme Nord", note = "Ring twice", visitFrequencyDays = 7))
            assertEquals("Acme Nord", edited.name)
            assertEquals("Ring twice", edited.notes)
            assertEquals(7L, edited.visitFrequencyDays)
            assertEquals(a.phone, edited.phone)
            assertEquals(a.city, edited.city)
            assertEquals(edited, store.getAccount(a.id))
            assertFails<FieldSalesException.Invalid> { store.editAccount(a.id, noEdit().copy(name = "  ")) }
            assertFails<FieldSalesException.Invalid> { store.editAccount(a.id, noEdit().copy(visitFrequencyDays = -1)) }
            assertFails<FieldSalesException.NotFound> { store.editAccount("no-such-id", noEdit()) }
            assertEquals("refused edits changed nothing", edited, store.getAccount(a.id))
        }
    }

    @Test
    fun moveAccountNeedsAnExistingTerritory() {
        newStore(tmp.root).use { store ->
            val a = store.createAccount(newAccount("Acme"))
            val e = assertFails<FieldSalesException.NotFound> { store.moveAccount(a.id, "territory-x") }
            assertEquals("territory-x", e.id)
            assertNull(store.getAccount(a.id).territoryId)
        }
    }

    @Test
    fun contactsAndAccountDetail() {
        newStore(tmp.root).use { store ->
            val a = store.createAccount(newAccount("Acme"))
            val c = store.createContact(NewContact(a.id, "Jo Buyer", "Purchasing", "+49 1", "jo@example.com"))
            assertEquals(a.id, c.accountId)
            assertEquals("Jo Buyer", c.name)
            assertEquals("Purchasing", c.title)
            val edited = store.editContact(c.id, ContactEdit(name = null, title = "Head of Purchasing", phone = null, email = "jo@acme.example"))
            assertEquals("Jo Buyer", edited.name)
            assertEquals("Head of Purchasing", edited.title)
            assertEquals("jo@acme.example", edited.email)
            assertEquals(listOf(edited), store.contactsOf(a.id))
            assertFails<FieldSalesException.NotFound> { store.contactsOf("nope") }

            val detail = store.accountDetail(a.id, 10u)
            assertEquals(a, detail.account)
            assertEquals(listOf(edited), detail.contacts)
            assertTrue(detail.orders.isEmpty() && detail.quotes.isEmpty() && detail.visits.isEmpty() && detail.tasks.isEmpty())
            val e = assertFails<FieldSalesException.NotFound> { store.accountDetail("nope", 10u) }
            assertEquals("nope", e.id)
        }
    }

    @Test
    fun searchFindsAccountsContactsAndProducts() {
        newStore(tmp.root).use { store ->
            val a = store.createAccount(newAccount("Bergmann Baustoffe"))
            val c = store.createContact(NewContact(a.id, "Greta Bergmann", "Owner", "", ""))
            val p = store.createProduct(NewProduct("BRG-1", "Bergsteiger Seil", 4990, "EUR", 1900))
            store.createAccount(newAccount("Unrelated"))
            val hits = store.search("berg", 20u)
            assertEquals(
                setOf(RecordKind.ACCOUNT to a.id, RecordKind.CONTACT to c.id, RecordKind.PRODUCT to p.id),
                hits.map { it.kind to it.id }.toSet(),
            )
            assertEquals(1, store.search("bergmann baustoffe", 20u).size)
        }
    }

    @Test
    fun productsAndStock() {
        newStore(tmp.root).use { store ->
            val p = store.createProduct(NewProduct("SKU-9", "Schraube M8", 35, "EUR", 1900))
            assertEquals("SKU-9", p.sku)
            assertEquals(35L, p.basePriceMinor)
            assertEquals(1900L, p.taxBp)
            assertTrue(p.active)
            val q = store.createProduct(NewProduct("SKU-1", "Anker", 120, "EUR", 1900))
            assertEquals(listOf(q, p), store.listProducts(null, 10u, 0u))
            assertEquals(listOf(p), store.listProducts("schraube", 10u, 0u))
            assertEquals(listOf(p), store.listProducts(null, 1u, 1u))
            assertEquals(p, store.productBySku("SKU-9"))
            assertNull(store.productBySku("SKU-404"))
            assertFails<FieldSalesException.Invalid> { store.createProduct(NewProduct("SKU-X", "Bad", 1, "euro", 0)) }

            val s = store.setStock(p.id, "Berlin", 12_500)
            assertEquals(p.id, s.productId)
            assertEquals("Berlin", s.warehouse)
            assertEquals(12_500L, s.onHandMilli)
            store.setStock(p.id, "Berlin", 10_000)
            store.setStock(p.id, "Hamburg", 1_000)
            val stock = store.stockOf(p.id).associate { it.warehouse to it.onHandMilli }
            assertEquals(mapOf("Berlin" to 10_000L, "Hamburg" to 1_000L), stock)
            assertFails<FieldSalesException.NotFound> { store.setStock("no-product", "Berlin", 1) }
        }
    }
}
