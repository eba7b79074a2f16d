//! `fieldsales demo`: two reps' phones edit the same order and the same customer offline, then
//! merge by exchanging documents. Everything happens in a temporary directory.

use fieldsales_core::money::format_minor;
use fieldsales_core::ops::NewLine;
use fieldsales_core::records::{Account, Contact, Order, Product, Role};
use fieldsales_core::{InitOptions, Store};

use crate::commands::CliResult;
use crate::commands::merge::describe;
use crate::output::print_order;

fn share(from: &mut Store, to: &mut Store, id: &str) -> CliResult {
    let bytes = from.export(id)?;
    to.import(&bytes)?;
    Ok(())
}

pub fn run() -> CliResult {
    let dir = tempfile::tempdir()?;
    let mut anna = Store::init(
        dir.path().join("anna.db"),
        InitOptions::new("anna", Role::Rep),
    )?;
    let mut ben = Store::init(
        dir.path().join("ben.db"),
        InitOptions::new("ben", Role::Rep),
    )?;
    println!(
        "Two phones: anna ({}) and ben ({}).",
        short(&anna),
        short(&ben)
    );

    let coffee = anna.create_product(Product::new(
        "CF-1KG",
        "Espresso beans 1 kg",
        1890,
        "EUR",
        700,
    ))?;
    let cups = anna.create_product(Product::new(
        "CUP-100",
        "Paper cups, box of 100",
        650,
        "EUR",
        1900,
    ))?;
    let grinder =
        anna.create_product(Product::new("GR-200", "Burr grinder", 24900, "EUR", 1900))?;
    let mut acc = Account::new("Bäckerei Sonnenschein");
    acc.billing.city = "Berlin".into();
    acc.billing.postal_code = "10115".into();
    acc.phone = "+49 30 5550100".into();
    let acc = anna.create_account(acc)?;
    anna.create_contact(Contact::new(&acc.id, "Dana Schulz"))?;
    let order = anna.new_order_with_lines(&acc.id, &[NewLine::new(&coffee.id, 10_000, 500)])?;
    for id in [&coffee.id, &cups.id, &grinder.id, &acc.id, &order.id] {
        share(&mut anna, &mut ben, id)?;
    }
    println!(
        "anna started order {} for {}; ben's phone has it too.\n",
        order.number, acc.name
    );

    println!("Both go offline.");
    anna.add_order_line(&order.id, NewLine::new(&cups.id, 4_000, 0))?;
    println!("  anna adds 4 boxes of cups and notes a new phone number for the bakery");
    anna.update::<Account>(&acc.id, |a| {
        a.phone = "+49 30 5550199".into();
        Ok(())
    })?;
    ben.add_order_line(&order.id, NewLine::new(&grinder.id, 1_000, 1_000))?;
    println!("  ben adds a grinder at 10% off and enters a different phone number");
    ben.update::<Account>(&acc.id, |a| {
        a.phone = "+49 171 5550123".into();
        Ok(())
    })?;

    println!("\nBack online, the phones exchange their documents both ways.");
    for id in [&order.id, &acc.id] {
        share(&mut anna, &mut ben, id)?;
        share(&mut ben, &mut anna, id)?;
    }
    let oa: Order = anna.get(&order.id)?;
    let ob: Order = ben.get(&order.id)?;
    println!("\nThe merged order, on anna's phone:");
    print_order(&oa);
    println!(
        "ben's phone shows the same {} lines and total {} {}: {}",
        ob.lines.len(),
        format_minor(ob.total_minor),
        ob.currency,
        if oa == ob { "identical" } else { "DIFFERENT" }
    );
    if oa != ob {
        return Err(crate::commands::usage("the two phones did not converge"));
    }

    let conflicts = anna.conflicts()?;
    println!("\nNothing typed was lost. One field was set on both phones: a conflict to review.");
    for c in &conflicts {
        println!("  {}", describe(c));
    }
    let phone_a = anna.get::<Account>(&acc.id)?.phone;
    let phone_b = ben.get::<Account>(&acc.id)?.phone;
    println!(
        "Both phones show the same winner ({phone_a} on anna's, {phone_b} on ben's); the other value stays listed until dismissed."
    );
    Ok(())
}

fn short(s: &Store) -> String {
    s.identity().device_id.chars().take(8).collect()
}
