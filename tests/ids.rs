//! Identifier rules against hostile text: bidirectional controls, zero-width characters and
//! look-alikes that differ by Unicode normalization.

use implsci::id::{IdError, InnovationId, check_id};
use implsci::system::System;

#[test]
fn bidirectional_controls_are_refused_with_their_position_and_code_point() {
    for c in [
        '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
        '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
    ] {
        let id = format!("ab{c}cd");
        assert_eq!(
            check_id(&id),
            Err(IdError::InvisibleCharacter {
                position: 2,
                code_point: u32::from(c)
            }),
            "U+{:04X}",
            u32::from(c)
        );
    }
    let err = "school\u{202E}21".parse::<InnovationId>().unwrap_err();
    let message = err.to_string();
    assert!(message.contains("U+202E"), "{message}");
    assert!(message.contains("character 6"), "{message}");
}

#[test]
fn zero_width_characters_are_refused_anywhere() {
    for c in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'] {
        for (id, position) in [
            (format!("{c}ab"), 0),
            (format!("a{c}b"), 1),
            (format!("ab{c}"), 2),
        ] {
            assert_eq!(
                check_id(&id),
                Err(IdError::InvisibleCharacter {
                    position,
                    code_point: u32::from(c)
                }),
                "{id:?}"
            );
        }
    }
}

#[test]
fn ids_that_differ_only_by_normalization_are_different_ids() {
    let composed = "\u{E9}cole";
    let decomposed = "e\u{301}cole";
    assert_eq!(check_id(composed), Ok(()));
    assert_eq!(check_id(decomposed), Ok(()));
    let a: InnovationId = composed.parse().unwrap();
    let b: InnovationId = decomposed.parse().unwrap();
    assert_ne!(a, b, "ids compare byte for byte");
    // A unit whose level is spelled in the other form names a level there is not.
    let doc = |level: &str| {
        format!(
            r#"{{"kind": "implementation_system", "schema_version": "1.0.0", "id": "s",
                "name": "S", "levels": [{{"id": "{composed}", "name": "School"}}],
                "units": [{{"id": "u", "level": "{level}"}}]}}"#
        )
    };
    assert!(System::from_json(&doc(composed)).is_ok());
    assert!(System::from_json(&doc(decomposed)).is_err());
}
