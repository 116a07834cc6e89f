//! The codes that name things: a unit's (`130123`), a field's (`towns_total`)
//! and an indicator's (`B4`). Each is its own type so that one cannot be
//! passed where another is meant (a unit code as a field code, say), while
//! each still reads as text: it dereferences to `str`, compares with text,
//! prints as itself and serialises as a plain string. Dimension and item
//! codes (bonus, deduction, veto) stay text: they share the indicators'
//! name space in the scored tree.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use serde::Serialize;

macro_rules! code {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn new(code: impl Into<String>) -> $name {
                $name(code.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(code: String) -> $name {
                $name(code)
            }
        }

        impl From<&str> for $name {
            fn from(code: &str) -> $name {
                $name(code.to_string())
            }
        }

        impl From<&$name> for String {
            fn from(code: &$name) -> String {
                code.0.clone()
            }
        }

        impl From<$name> for String {
            fn from(code: $name) -> String {
                code.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }
    };
}

code!(
    /// A unit's code: its GB/T 2260 division code (正定县 = `130123`) or a
    /// custom code for a zone.
    UnitCode
);
code!(
    /// A field's code (`towns_total`), as written in the template's 字段代码 column.
    FieldCode
);
code!(
    /// An indicator's code (`B4`).
    IndicatorCode
);

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn a_code_reads_as_text_but_is_its_own_type() {
        let unit = UnitCode::new("130123");
        assert_eq!(unit, "130123");
        assert_eq!(format!("{unit}.xlsx"), "130123.xlsx");
        assert_eq!(unit.len(), 6);
        // a map keyed by codes is looked up with text
        let mut names = BTreeMap::new();
        names.insert(unit.clone(), "正定县");
        assert_eq!(names.get("130123"), Some(&"正定县"));
        // serialised as the plain string, so identities and exports keep their bytes
        assert_eq!(serde_json::to_string(&unit).unwrap(), r#""130123""#);
        assert_eq!(String::from(FieldCode::from("towns_total")), "towns_total");
    }
}
