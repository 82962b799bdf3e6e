//! [`text_enum!`]: the one way a closed list of values is declared in this crate.
//!
//! A value from a fixed list (a purpose, a movement kind, a licence type, a severity, …) is an
//! enum, never a `String` compared in several places. The macro gives each list the same
//! surface: serde and ts-rs with the stored text as the wire value (so the UI and the HQ packet
//! get a closed union type), `as_str` for SQL and files, `parse(field, text)` that refuses with an
//! [`Error::Invalid`](crate::Error) naming the field and listing the values, `ALL`, `Display`,
//! `FromStr` (clap parses CLI flags with it) and rusqlite `ToSql`/`FromSql` (an unknown text in
//! the database is an error, never a silent default). The database keeps the text values, with
//! CHECK constraints in the migrations.
//!
//! Variants may accept aliases on input (`Store = "store" | "贮存库"`); the first text is the
//! stored and serialised one.

/// Declares a closed list of values stored as text. See the module docs.
#[macro_export]
macro_rules! text_enum {
    // Everything but the type itself (the crate's own tests declare a type without ts export).
    (@impl $name:ident { $( $variant:ident = $text:literal $(| $alias:literal)* ),+ }) => {
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored (and serialised) text.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses typed or stored text (surrounding blanks ignored); the error names `field`
            /// and lists the accepted values.
            pub fn parse(field: &'static str, s: &str) -> $crate::Result<Self> {
                let t = s.trim();
                $( if t == $text $(|| t == $alias)* { return Ok($name::$variant); } )+
                Err($crate::Error::invalid(field, $crate::msg::common::not_one_of(&t, &Self::list())))
            }

            /// The accepted values, comma-separated (for messages and help texts).
            pub fn list() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> std::result::Result<Self, String> {
                Self::parse("value", s).map_err(|e| e.sentence())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                Self::parse(stringify!($name), s).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+
        }

        $crate::text_enum!(@impl $name { $( $variant = $text $(| $alias)* ),+ });
    };
}

#[cfg(test)]
mod tests {
    /// A test list (declared by hand so that no TypeScript binding is exported for it).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
    pub enum Colour {
        #[serde(rename = "red")]
        Red,
        #[serde(rename = "dark_blue")]
        DarkBlue,
    }
    crate::text_enum!(@impl Colour { Red = "red" | "红", DarkBlue = "dark_blue" });

    #[test]
    fn parses_text_and_aliases_and_names_the_field_when_refusing() {
        assert_eq!(Colour::parse("colour", " red ").unwrap(), Colour::Red);
        assert_eq!(Colour::parse("colour", "红").unwrap(), Colour::Red);
        assert_eq!("dark_blue".parse::<Colour>().unwrap(), Colour::DarkBlue);
        let e = Colour::parse("colour", "green").unwrap_err();
        assert_eq!(e.field(), Some("colour"));
        assert!(e.to_string().contains("red, dark_blue"), "{e}");
    }

    #[test]
    fn serialises_as_the_stored_text_and_refuses_unknown_text() {
        assert_eq!(serde_json::to_string(&Colour::DarkBlue).unwrap(), "\"dark_blue\"");
        assert_eq!(serde_json::from_str::<Colour>("\"red\"").unwrap(), Colour::Red);
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
        assert_eq!(Colour::Red.to_string(), "red");
        assert_eq!(format!("[{:<5}]", Colour::Red), "[red  ]", "width and alignment apply (CLI columns)");
    }

    #[test]
    fn round_trips_through_sqlite_and_refuses_unknown_stored_text() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let back: Colour = c.query_row("SELECT ?1", [Colour::DarkBlue], |r| r.get(0)).unwrap();
        assert_eq!(back, Colour::DarkBlue);
        let bad: rusqlite::Result<Colour> = c.query_row("SELECT 'green'", [], |r| r.get(0));
        assert!(bad.is_err(), "unknown stored text is an error, not a default");
    }
}
