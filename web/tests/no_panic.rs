//! Whatever is typed or linked, the page's pure logic does not panic.

use oidc_trust_web::components::policy_editor::split_marked;
use oidc_trust_web::inputs::{CallInputs, Inputs, ProviderChoice, RcpInput, TimeMode};
use oidc_trust_web::mint::{MintForm, PLATFORMS};
use oidc_trust_web::share;
use oidc_trust_web::state::{Action, Doc, Mark, State, analyze, evaluate, sub_info};
use oidc_trust_web::time;
use proptest::prelude::*;

/// The share link the page writes for `inputs` (token included): their JSON, deflated (by
/// the browser's `CompressionStream` in the page; by miniz here).
fn link(inputs: &Inputs) -> String {
    let json = share::json(inputs, true);
    share::fragment(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6))
}

fn mode(n: u8) -> TimeMode {
    match n % 3 {
        0 => TimeMode::Iat,
        1 => TimeMode::Now,
        _ => TimeMode::At,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_target_s_boxes_analyse_and_their_places_fit(t in any::<u8>(), token in ".{0,80}",
                                                        texts in prop::collection::vec(".{0,120}", 6)) {
        let targets = oidc_trust::api::Target::ALL;
        let target = targets.get(usize::from(t) % targets.len()).copied().unwrap_or_default();
        let mut configs = oidc_trust_web::targets::Configs::default();
        for (b, text) in oidc_trust_web::targets::BOXES.iter().zip(&texts) {
            configs.set(b.doc, text.clone());
        }
        let inputs = Inputs { target, token, configs, ..Inputs::default() };
        let (_, answered) = evaluate(&inputs, 1_790_000_000);
        // Every place the answer names is inside the box it points into.
        let places = oidc_trust_web::state::Places::new(&inputs, &inputs);
        let state = State::with(inputs.clone());
        for d in &answered.answer.diagnostics {
            if let (Some(span), Some(doc)) = (d.span, places.doc(d.source, d.document)) {
                let text = state.text(doc).unwrap_or_default();
                prop_assert!(span.end <= text.len(), "{:?} {:?} in {:?}", d.code, span, doc);
            }
        }
        let back = share::decode(&link(&inputs)).unwrap().unwrap();
        prop_assert_eq!(back.target, inputs.target);
        prop_assert_eq!(back.configs, inputs.configs);
    }

    #[test]
    fn any_inputs_analyse(token in ".{0,120}", policy in ".{0,120}", issuer in ".{0,30}",
                          ids in ".{0,30}", account in ".{0,15}", at in ".{0,25}", m in any::<u8>(),
                          clock in any::<i64>()) {
        let inputs = Inputs { token, policy, issuer, client_ids: ids, account, time: mode(m), at, ..Inputs::default() };
        let _ = analyze(&inputs, clock);
        let back = share::decode(&link(&inputs)).unwrap().unwrap();
        prop_assert_eq!(back.policy, inputs.policy);
    }

    #[test]
    fn any_call_inputs_analyse(token in ".{0,80}", fields in prop::collection::vec(".{0,20}", 8),
                               rcp in ".{0,80}", p in any::<u8>(), mgmt in any::<bool>()) {
        let text = |i: usize| fields.get(i).cloned().unwrap_or_default();
        let provider = match p % 5 {
            0 => ProviderChoice::Oidc,
            1 => ProviderChoice::Google,
            2 => ProviderChoice::Cognito,
            3 => ProviderChoice::Facebook,
            _ => ProviderChoice::Amazon,
        };
        let inputs = Inputs {
            token,
            policy: "{}".to_owned(),
            provider,
            call: CallInputs {
                role_arn: text(0), session_name: text(1), duration: text(2), max_session: text(3),
                source_ip: text(4), region: text(5), vpce: text(6), role_tags: text(7),
                management_account: mgmt,
                rcps: vec![RcpInput { name: String::new(), policy: rcp }],
            },
            ..Inputs::default()
        };
        let _ = analyze(&inputs, 0);
        let back = share::decode(&link(&inputs)).unwrap().unwrap();
        prop_assert_eq!(back.call.is_empty(), inputs.call.is_empty());
    }

    #[test]
    fn any_fragment_reads_or_says_why(f in "(#?v[12]=)?[A-Za-z0-9_=@!-]{0,80}") {
        let _ = share::decode(&f);
    }

    #[test]
    fn any_deflated_bytes_read_or_say_why(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let packed = miniz_oxide::deflate::compress_to_vec(&bytes, 6);
        let _ = share::decode(&share::fragment(&packed));
        let _ = share::decode(&share::fragment(&bytes));
    }

    #[test]
    fn any_time_text_parses_or_not(t in ".{0,30}", ts in any::<i64>()) {
        let _ = time::parse(&t);
        let _ = time::utc(ts);
        let _ = time::relative(ts, 0);
    }

    #[test]
    fn any_mark_splits_or_not(text in ".{0,40}", start in 0usize..60, len in 0usize..60, line in any::<usize>()) {
        let _ = split_marked(&text, Mark { start, end: start.saturating_add(len), line, doc: Doc::Policy });
    }

    #[test]
    fn any_sub_parses_or_not(iss in prop::option::of(".{0,40}"), sub in ".{0,60}") {
        let _ = sub_info(iss.as_deref(), &sub);
    }

    #[test]
    fn any_generator_form_mints_or_says_why(p in 0usize..PLATFORMS.len(), e in 0usize..4, repo in ".{0,40}",
                                            value in ".{0,40}", clock in any::<i64>(),
                                            audience in prop::option::of(".{0,40}")) {
        let platform = PLATFORMS[p];
        let event = platform.events[e % platform.events.len()];
        let form = MintForm { repo, value, ..MintForm::on(platform).with_event(event.value) };
        let s = State::default().apply(Action::SetMint(form)).apply(Action::Mint { clock, audience });
        // Either a token that decodes, or a notice that says why not.
        prop_assert!(s.notice.is_some() || oidc_trust::decode(&s.inputs.token).is_ok());
        let _ = analyze(&s.inputs, clock);
    }

    #[test]
    fn any_edits_reduce(token in ".{0,40}", ex in "[a-z-]{0,30}") {
        let s = State::default()
            .apply(Action::LoadExample(ex))
            .apply(Action::SetToken(token))
            .apply(Action::SetTime(TimeMode::At));
        let _ = analyze(&s.inputs, 0);
    }
}

#[test]
fn hostile_sizes_stay_fast_enough() {
    // A 1 MB policy of nested arrays and a 1 MB token: no panic (stack, slicing, time).
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let inputs = Inputs {
        token: "a".repeat(1_000_000),
        policy: deep,
        ..Inputs::default()
    };
    let (_, a) = analyze(&inputs, 0);
    assert!(!a.accepted);
}
