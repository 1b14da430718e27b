//! A receipt as typed: any text either parses or is refused with a reason, and what parses
//! is shown and parses back to the same receipt.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quietline_core::Receipt;
use secrecy::ExposeSecret;

fuzz_target!(|typed: &str| {
    if let Ok(receipt) = Receipt::parse(typed) {
        let shown = receipt.display_grouped();
        let again = Receipt::parse(shown.expose_secret()).expect("a shown receipt parses");
        assert_eq!(again.lookup(), receipt.lookup());
        assert_eq!(
            again.secret().expose_secret(),
            receipt.secret().expose_secret()
        );
    }
});
