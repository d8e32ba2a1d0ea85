//! A deserializer adapter that reads JSON as the JSON Schema describes it.
//!
//! Two places where serde and JSON Schema (draft 2020-12) differ, and where [`Strict`] takes
//! the schema's side, at any depth (inside structs, `Option`, `Vec`, maps and enums alike):
//!
//! - **Structs only from objects.** serde's derived `Deserialize` also accepts a struct written
//!   as an array of its fields in order (`["innovation", "1.0.0", "cico", "CICO"]`), which the
//!   schema (`"type": "object"`) refuses. Every struct is read through `deserialize_map`, which
//!   accepts objects only.
//! - **Integral floats are integers.** JSON Schema counts a number with a zero fractional part
//!   as an integer, whatever its spelling: `3.0` and `1e2` satisfy `"type": "integer"` (Source:
//!   JSON Schema Validation, draft 2020-12, section 6.1.1 "type": "integer" "matches any
//!   number with a zero fractional part"; the JSON Schema Test Suite's `zeroTerminatedFloats`
//!   case, "a float without fractional part is an integer"). Tools such as
//!   pandas write `3.0` for an integer column with blanks; `serde_json` refuses it for a `u32`.
//!   When the target asks for an integer type (`u8` to `u64`, `i8` to `i64`) and the JSON holds
//!   a float with no fractional part that fits the type, the visitor receives the integer. A
//!   float with a fraction (`expected an integer, found 3.5`) or out of the type's range stays
//!   an error, at its path.
//!
//! The wrapper is generic and inlines away; it costs nothing on valid input (a float reaches
//! the integer check only where an integer was asked for, and the check allocates nothing).

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

/// Wraps a deserializer, a visitor, an access or a seed; see the module docs.
pub(crate) struct Strict<T>(pub(crate) T);

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
        $(
            #[inline]
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Self::Error> {
                self.0.$method($($arg,)* Strict(visitor))
            }
        )*
    };
}

/// Forwards an integer request with a visitor that also takes integral floats in the type's range.
macro_rules! forward_integer {
    ($($method:ident($int:ty)),* $(,)?) => {
        $(
            #[inline]
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                let range = Range {
                    name: stringify!($int),
                    min: i128::from(<$int>::MIN),
                    max: i128::from(<$int>::MAX),
                };
                self.0.$method(Integral(Strict(visitor), range))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward_integer! {
        deserialize_i8(i8), deserialize_i16(i16), deserialize_i32(i32), deserialize_i64(i64),
        deserialize_u8(u8), deserialize_u16(u16), deserialize_u32(u32), deserialize_u64(u64),
    }

    forward! {
        deserialize_any(), deserialize_bool(), deserialize_i128(), deserialize_u128(),
        deserialize_f32(), deserialize_f64(), deserialize_char(), deserialize_str(),
        deserialize_string(), deserialize_bytes(), deserialize_byte_buf(), deserialize_option(),
        deserialize_unit(), deserialize_unit_struct(name: &'static str),
        deserialize_newtype_struct(name: &'static str), deserialize_seq(),
        deserialize_tuple(len: usize), deserialize_tuple_struct(name: &'static str, len: usize),
        deserialize_map(), deserialize_enum(name: &'static str, variants: &'static [&'static str]),
        deserialize_identifier(), deserialize_ignored_any(),
    }

    #[inline]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(Strict(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! visit {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            #[inline]
            fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
                self.0.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Strict<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visit! {
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
        visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64),
        visit_u128(u128), visit_f32(f32), visit_f64(f64), visit_char(char), visit_str(&str),
        visit_borrowed_str(&'de str), visit_string(String), visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>),
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(Strict(d))
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(Strict(d))
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(Strict(seq))
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(Strict(map))
    }

    #[inline]
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(Strict(data))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Strict<A> {
    type Error = A::Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Strict(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Strict<A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Strict(seed))
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.0.next_value_seed(Strict(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Strict<S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Strict(d))
    }
}

impl<'de, E: EnumAccess<'de>> EnumAccess<'de> for Strict<E> {
    type Error = E::Error;
    type Variant = Strict<E::Variant>;

    #[inline]
    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), E::Error> {
        let (value, variant) = self.0.variant_seed(Strict(seed))?;
        Ok((value, Strict(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Strict(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Strict(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Strict(NoSeq(visitor)))
    }
}

/// The range of the integer type a visitor was asked for, for the integral-float check.
#[derive(Clone, Copy)]
struct Range {
    name: &'static str,
    min: i128,
    max: i128,
}

/// A [`Strict`] visitor for an integer type that also accepts a float with no fractional part
/// in the type's range, and hands it on as an integer; see the module docs.
struct Integral<V>(Strict<V>, Range);

impl<'de, V: Visitor<'de>> Visitor<'de> for Integral<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visit! {
        visit_bool(bool), visit_i8(i8), visit_i16(i16), visit_i32(i32), visit_i64(i64),
        visit_i128(i128), visit_u8(u8), visit_u16(u16), visit_u32(u32), visit_u64(u64),
        visit_u128(u128), visit_char(char), visit_str(&str),
        visit_borrowed_str(&'de str), visit_string(String), visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>),
    }

    #[inline]
    fn visit_f32<E: de::Error>(self, v: f32) -> Result<Self::Value, E> {
        self.visit_f64(f64::from(v))
    }

    /// An integral float in range becomes the integer; anything else is refused with a message
    /// that names the number. JSON numbers are finite, so `v` is never NaN or infinite here,
    /// but those are refused too.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        let Integral(visitor, range) = self;
        // A whole number has no fractional part (exact: `fract` of an integral f64 is 0.0).
        #[allow(clippy::float_cmp)]
        let whole = v.is_finite() && v.fract() == 0.0;
        if !whole {
            return Err(E::custom(format_args!("expected an integer, found {v:?}")));
        }
        // `v` is whole, so the cast only saturates, and a saturated value lies outside every
        // range checked here (the widest is u64's and i64's).
        #[allow(clippy::cast_possible_truncation)]
        let n = v as i128;
        if n < range.min || n > range.max {
            return Err(E::custom(format_args!(
                "expected an integer from {} to {} ({}), found {v:?}",
                range.min, range.max, range.name
            )));
        }
        match u64::try_from(n) {
            Ok(u) => visitor.visit_u64(u),
            Err(_) => match i64::try_from(n) {
                Ok(i) => visitor.visit_i64(i),
                Err(_) => Err(E::custom(format_args!("expected an integer, found {v:?}"))),
            },
        }
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(d)
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(d)
    }

    #[inline]
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(seq)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(map)
    }

    #[inline]
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(data)
    }
}

/// A visitor that refuses arrays: for struct variants, whose access offers no map-only entry.
struct NoSeq<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for NoSeq<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(map)
    }
}

#[cfg(test)]
mod tests {
    use super::Strict;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Inner {
        a: u8,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Outer {
        inner: Inner,
        list: Vec<Inner>,
        maybe: Option<Inner>,
    }

    fn strict(json: &str) -> Result<Outer, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(json);
        serde::Deserialize::deserialize(Strict(&mut de))
    }

    #[test]
    fn objects_are_read_and_arrays_refused_at_every_depth() {
        let ok = r#"{"inner": {"a": 1}, "list": [{"a": 2}], "maybe": {"a": 3}}"#;
        assert_eq!(strict(ok).unwrap().list, vec![Inner { a: 2 }]);
        // Plain serde accepts these; the strict reader does not.
        for json in [
            r#"[{"a": 1}, [], null]"#,
            r#"{"inner": [1], "list": [], "maybe": null}"#,
            r#"{"inner": {"a": 1}, "list": [[2]], "maybe": null}"#,
            r#"{"inner": {"a": 1}, "list": [], "maybe": [3]}"#,
        ] {
            assert!(serde_json::from_str::<Outer>(json).is_ok(), "{json}");
            assert!(strict(json).is_err(), "{json}");
        }
    }
}

#[cfg(test)]
mod integer_tests {
    use std::collections::BTreeMap;

    use super::Strict;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Count(u32);

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Numbers {
        small: u8,
        count: Count,
        signed: i64,
        maybe: Option<u32>,
        list: Vec<u16>,
        map: BTreeMap<String, u64>,
        size: usize,
        ratio: f64,
    }

    fn read<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(Strict(&mut de))
            .map_err(|e| format!("{}: {}", e.path(), e.inner()))
    }

    /// A `Numbers` document with one field's JSON replaced.
    fn numbers(field: &str, value: &str) -> String {
        let mut fields = BTreeMap::from([
            ("small", "1"),
            ("count", "2"),
            ("signed", "-3"),
            ("maybe", "4"),
            ("list", "[5]"),
            ("map", r#"{"a": 6}"#),
            ("size", "7"),
            ("ratio", "0.5"),
        ]);
        fields.insert(field, value);
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect();
        format!("{{{}}}", body.join(", "))
    }

    #[test]
    fn integral_floats_are_read_as_integers_at_every_depth() {
        let json = r#"{"small": 255.0, "count": 2.0, "signed": -3.0, "maybe": 4e0,
            "list": [5.0, 1e2], "map": {"a": 6.0}, "size": 7.0, "ratio": 0.5}"#;
        let read: Numbers = read(json).unwrap();
        assert_eq!(
            read,
            Numbers {
                small: 255,
                count: Count(2),
                signed: -3,
                maybe: Some(4),
                list: vec![5, 100],
                map: BTreeMap::from([("a".to_string(), 6)]),
                size: 7,
                ratio: 0.5,
            }
        );
        // Plain serde_json refuses the same document.
        assert!(serde_json::from_str::<Numbers>(json).is_err());
    }

    #[test]
    fn the_extremes_of_each_range_are_read() {
        assert_eq!(read::<i64>("-9.223372036854776e18"), Ok(i64::MIN));
        assert_eq!(read::<i8>("-128.0"), Ok(-128));
        assert_eq!(read::<u32>("4294967295.0"), Ok(u32::MAX));
        assert_eq!(read::<u64>("0.0"), Ok(0));
        assert_eq!(read::<u64>("-0.0"), Ok(0));
        assert_eq!(
            read::<u64>("1.8446744073709550e19"),
            Ok(18_446_744_073_709_549_568)
        );
    }

    #[test]
    fn fractions_and_out_of_range_floats_are_refused_at_their_path() {
        for (field, value, message) in [
            ("small", "3.5", "small: expected an integer, found 3.5"),
            ("count", "2.25", "count: expected an integer, found 2.25"),
            ("maybe", "0.1", "maybe: expected an integer, found 0.1"),
            (
                "list",
                "[1, 1.5]",
                "list[1]: expected an integer, found 1.5",
            ),
            (
                "map",
                r#"{"a": 6.5}"#,
                "map.a: expected an integer, found 6.5",
            ),
            (
                "small",
                "256.0",
                "small: expected an integer from 0 to 255 (u8), found 256.0",
            ),
            (
                "count",
                "4294967296.0",
                "count: expected an integer from 0 to 4294967295 (u32), found 4294967296.0",
            ),
            (
                "maybe",
                "-1.0",
                "maybe: expected an integer from 0 to 4294967295 (u32), found -1.0",
            ),
            (
                "signed",
                "9.223372036854776e18",
                "signed: expected an integer from -9223372036854775808 to 9223372036854775807 \
                 (i64), found 9.223372036854776e18",
            ),
            (
                "size",
                "1.8446744073709552e19",
                "size: expected an integer from 0 to 18446744073709551615 (u64), found \
                 1.8446744073709552e19",
            ),
            (
                "signed",
                "1e300",
                "signed: expected an integer from -9223372036854775808 to 9223372036854775807 \
                 (i64), found 1e300",
            ),
        ] {
            let json = numbers(field, value);
            let err = read::<Numbers>(&json).expect_err(&json);
            assert!(err.starts_with(message), "{json}: {err}");
        }
    }

    #[test]
    fn integers_out_of_range_and_other_types_are_still_refused() {
        for (field, value) in [
            ("count", "5000000000"),
            ("maybe", "-1"),
            ("small", "256"),
            ("small", "\"1\""),
            ("list", "[true]"),
        ] {
            let json = numbers(field, value);
            let err = read::<Numbers>(&json).expect_err(&json);
            assert!(err.starts_with(field), "{json}: {err}");
        }
        // A float field still takes a fraction, and an integer.
        assert_eq!(read::<f64>("2"), Ok(2.0));
    }
}
