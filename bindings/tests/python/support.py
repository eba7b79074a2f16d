"""Small builders for the binding tests: records with every field spelled out, known prices."""

import asyncio
from pathlib import Path

import fieldsales_ffi as fs

# Known prices (minor units) and tax rates (basis points) the money assertions rely on.
WIDGET_PRICE, WIDGET_TAX_BP = 1250, 1900
GADGET_PRICE, GADGET_TAX_BP = 800, 700


# A sync against a loopback server takes milliseconds; a call still waiting after this long is
# stuck (a deadlock in the library), and the test fails instead of hanging the suite.
ASYNC_TIMEOUT_S = 30


def run(coro):
    """uniffi's Python async functions are coroutines: run one to its end."""
    return asyncio.run(asyncio.wait_for(coro, ASYNC_TIMEOUT_S))


def new_account(name: str, city: str = "Berlin", geo=None, territory_id=None,
                visit_frequency_days: int = 14) -> fs.NewAccount:
    return fs.NewAccount(
        name=name, legal_name=f"{name} GmbH", phone="+49 30 1234", email="buyer@example.com",
        street="Hauptstr. 1", city=city, postal_code="10115", country="DE", geo=geo,
        segment="retail", territory_id=territory_id, visit_frequency_days=visit_frequency_days,
    )


def widget(sku: str = "W-1") -> fs.NewProduct:
    return fs.NewProduct(sku=sku, name="Widget", base_price_minor=WIDGET_PRICE, currency="EUR",
                         tax_bp=WIDGET_TAX_BP)


def gadget(sku: str = "G-1") -> fs.NewProduct:
    return fs.NewProduct(sku=sku, name="Gadget", base_price_minor=GADGET_PRICE, currency="EUR",
                         tax_bp=GADGET_TAX_BP)


def line(product_id: str, qty_milli: int, discount_bp: int = 0) -> fs.NewLine:
    return fs.NewLine(product_id=product_id, qty_milli=qty_milli, discount_bp=discount_bp)


def account_edit(**changes) -> fs.AccountEdit:
    fields = dict(name=None, phone=None, email=None, street=None, city=None, postal_code=None,
                  segment=None, price_list_id=None, visit_frequency_days=None, note=None)
    fields.update(changes)
    return fs.AccountEdit(**fields)


def contact_edit(**changes) -> fs.ContactEdit:
    fields = dict(name=None, title=None, phone=None, email=None)
    fields.update(changes)
    return fs.ContactEdit(**fields)


def query(search=None, city=None, territory_id=None, limit=50, offset=0) -> fs.AccountQuery:
    return fs.AccountQuery(search=search, city=city, territory_id=territory_id, limit=limit,
                           offset=offset)


def strokes() -> list:
    """Two pen strokes as a signature pad reports them."""
    return [
        fs.Stroke(points=[fs.StrokePoint(x=10, y=40, t_ms=0), fs.StrokePoint(x=30, y=12, t_ms=16),
                          fs.StrokePoint(x=55, y=44, t_ms=33)]),
        fs.Stroke(points=[fs.StrokePoint(x=70, y=20, t_ms=0), fs.StrokePoint(x=95, y=21, t_ms=20)]),
    ]


class Shop:
    """A store with two products and one account: enough to sell something."""

    def __init__(self, store: fs.FieldSales, name: str = "Acme"):
        self.store = store
        self.widget = store.create_product(widget())
        self.gadget = store.create_product(gadget())
        self.account = store.create_account(new_account(name, geo=fs.GeoPoint(lat=52.52, lon=13.405)))


def password(user: str) -> str:
    """Every test server user's password."""
    return f"pw-{user}-secret"


def login(tmp_path: Path, server, user: str, device: str = "phone") -> fs.FieldSales:
    """Log `user` in on a new device (a new store file) of this test."""
    return run(fs.login(str(tmp_path / f"{user}-{device}.db"), server.url, user, password(user)))
