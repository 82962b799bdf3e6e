//! The macro that declares the message catalog (`catalog.rs`).

/// Declares the catalog: areas of keys, each with its parameters and English template.
///
/// ```ignore
/// catalog! {
///     common {
///         too_long(max) = "at most {max} characters";
///     }
/// }
/// ```
/// makes `msg::common::too_long(max: &dyn Display) -> Msg` (key `common.too_long`) and lists
/// every key in `ALL`. A function per key means the compiler checks each use gives exactly the
/// key's parameters; a unit test checks each template uses exactly them.
macro_rules! catalog {
    ($( $area:ident { $( $name:ident ( $($p:ident),* ) = $en:literal ; )* } )*) => {
        /// The message constructors, one module per area, one function per key.
        pub mod msg {
            $(
                #[allow(clippy::too_many_arguments)]
                pub mod $area {
                    use $crate::error::{Key, Msg};
                    $(
                        #[doc = $en]
                        pub fn $name($($p: &dyn std::fmt::Display),*) -> Msg {
                            const KEY: Key = Key {
                                id: concat!(stringify!($area), ".", stringify!($name)),
                                params: &[$(stringify!($p)),*],
                                en: $en,
                            };
                            Msg::new(KEY, vec![$((stringify!($p), $p.to_string())),*])
                        }
                    )*
                }
            )*
        }

        /// Every key of the catalog.
        pub const ALL: &[$crate::error::Key] = &[
            $($(
                $crate::error::Key {
                    id: concat!(stringify!($area), ".", stringify!($name)),
                    params: &[$(stringify!($p)),*],
                    en: $en,
                },
            )*)*
        ];
    };
}
