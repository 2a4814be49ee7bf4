//! Named entities: people, organisations, places and other names, each with a canonical
//! name and every mention (character offsets into the body).
//!
//! Method (rule-based, no model):
//! 1. candidates are runs of capitalised words (with connectors such as "of" inside
//!    organisation/place names and particles such as "van" inside people's names); a
//!    sentence-initial word only counts when the story gives evidence that it is a name
//!    (known name, used capitalised mid-sentence, never used in lowercase);
//! 2. leading titles and roles ("NATO Secretary-General", "Mr.") are split off and mark a
//!    person;
//! 3. each distinct name is typed with cues pooled over all its mentions: gazetteers
//!    (places, given names, demonyms — `data/`), organisation and place head words,
//!    acronyms, titles, speech verbs;
//! 4. aliases are merged within the story: surnames and partial names, small misspellings
//!    of a person's name tokens, acronyms of organisation names, place abbreviations, and
//!    role phrases ("the NATO Head") for a person introduced with that role;
//! 5. title-case lines (headlines, menus) only yield names already known from the body;
//! 6. names nested in longer names are entities too ("United States" in "United States
//!    Navy", "Ansel Adams" in "Ansel Adams Gallery"), and a place that acts in the story
//!    ("Norway defeated Chile", "Chile says") is typed as the organisation it stands for;
//! 7. an untyped one-word name in a list of names takes the list's type ("Zeus, Hera,
//!    Poseidon and Athena"), and a lone given name among places is a place ("New South
//!    Wales, Victoria, South Australia");
//! 8. people that buildings are named after are entities too ("Chiang Kai Shek" in "Chiang
//!    Kai Shek Memorial", "John F. Kennedy" in "John F. Kennedy International Airport").
//!
//! Context cues beyond the name itself: titles and roles in apposition ("the coach, Zorvan
//! Quillet"), organisation contexts ("Veritasia officials", "members of the Crimson Order",
//! "Chan Ka-lok of Civic Dawn"), place contexts ("Palo Alto, California"), and
//! capitalisation statistics of the story (a word also written in lowercase is not an acronym,
//! a one-word place, a lone given name or a misspelt surname). Also: occupation nouns before
//! a name ("goalkeeper X"), owners in possessives ("X's Nathan Law", "X's National Museum"),
//! class nouns over coordinated names ("US team A and B"), system nouns after acronyms ("the
//! X system"), work nouns before titles ("the graphic novel X"), "the X government",
//! newspaper mastheads ("Toronto Star"), acronyms in parentheses that confirm a longer name
//! ("Movimento 5 Stelle (M5S)"), and place cues ("next to X", "University of Y at X"). Given and family names come from US Census and Faker's ~80 locales.
//!
//! Layout: [`doc`] (sentence starts, document vocabulary), [`title_lines`] (headline-style
//! lines), [`candidates`] (capitalised runs split into names, titles and roles) with
//! [`context`] (cues around a name), [`classify`] (typing a surface form), [`merge`]
//! (pooling surface forms into entities, aliases, output), [`acting`] (places acting as
//! teams or governments), [`lists`] (lists of names), [`nested`] (names inside longer names), [`roles`] (role phrases
//! standing for a person); word lists live in [`lexicon`].

mod acting;
pub mod aliases;
mod candidates;
mod classify;
mod context;
mod doc;
mod gazetteer_lists;
pub mod lexicon;
mod lists;
mod merge;
mod nested;
mod roles;
mod title_lines;
pub mod tokens;
mod word_table;

use crate::Entity;

/// People, organisations, places and other names in `body`, aliases merged.
pub fn find(body: &str) -> Vec<Entity> {
    find_in_body(body, &body.chars().collect::<Vec<char>>())
}

/// [`find`] over the body's characters alone (the body is spelt again from them).
pub fn find_in_chars(chars: &[char]) -> Vec<Entity> {
    find_in_body(&tokens::string_of(chars), chars)
}

/// [`find`] over the body and its characters (`chars` must be `body.chars()`): the pipeline
/// collects them once for the stages that index the body by character, and token and span
/// texts are slices of `body`.
pub fn find_in_body(body: &str, chars: &[char]) -> Vec<Entity> {
    let text = tokens::CharText::new(body, chars);
    let toks = doc::split_affixed_names(tokens::tokenize(&text));
    if toks.is_empty() {
        return Vec::new();
    }
    let initial = doc::sentence_initial(&toks);
    let title_line = title_lines::title_case_lines(&toks);
    let vocab = doc::doc_vocab(&toks, &initial);
    let cands = candidates::candidates(&toks, &initial, &title_line, &vocab, &text);
    let mut ents = merge::build_entities(&cands, &toks, &vocab);
    acting::retype_acting_places(&mut ents, &toks);
    lists::type_list_members(&mut ents, &toks);
    nested::add_namesake_people(&mut ents, &toks, &text);
    nested::add_nested_mentions(&mut ents, &toks, &text);
    title_lines::add_title_line_mentions(&mut ents, &toks, &title_line, &text);
    roles::add_role_mentions(&mut ents, &cands, &toks);
    merge::finish(ents, &text)
}

/// The first and last token of the mention at characters [start, end). Tokens start at
/// strictly increasing offsets, so the first is found by binary search (a map from start
/// to token, built three times per story, cost more than all the look-ups).
fn mention_tokens(toks: &[tokens::Token], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = toks.binary_search_by_key(&start, |token| token.start).ok()?;
    let mut last = first;
    while last + 1 < toks.len() && toks[last + 1].end <= end {
        last += 1;
    }
    Some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EntityKind;
    use proptest::prelude::*;

    /// A seed-shaped story written for these tests (not the seed file).
    const STORY: &str = "WTO Head Says Trade Rift with China will be Hard to Mend\n\nGLOBAL: The gap between China and the WTO over tariffs will be hard to close, the head of the trade body, Ngozi Okonjo-Iweal has said on Tuesday, after six hours of talks in Geneva.\n\nWTO Director-General Ngozi Okonjo-Iweala says that there are deep differences between members and China, and that they will not be easy to bridge.\n\nWTO Director-General Ngozi Okonjo-Iweala has said; \"China raised the proposals that it published in March, aimed at addressing its concerns about subsidies and market access.\"\n\n\"On dispute settlement, all members are united on the principle that the rules must apply to every nation.\"\n\nThe WTO Head has said any new tariffs would be a serious mistake for which China would pay a high price.\n\nHowever, Okonjo-Iweala said the WTO was ready for further talks with Beijing. \"We will meet again in May,\" she said.\n\nMr. Robert Lighthizer, a former U.S. trade official, told reporters: \"Nothing has changed in Washington.\"";

    /// The binary search over token starts finds the same tokens as a map from start to token.
    #[test]
    fn mention_tokens_match_a_map_of_token_starts() {
        let body = "NATO's chief met U.S. envoys in São Paulo-based talks. The Toronto-based firm won.";
        let chars: Vec<char> = body.chars().collect();
        let toks = doc::split_affixed_names(tokens::tokenize(&tokens::CharText::new(body, &chars)));
        let token_at: rustc_hash::FxHashMap<usize, usize> =
            toks.iter().enumerate().map(|(index, token)| (token.start, index)).collect();
        let reference = |start: usize, end: usize| {
            let &first = token_at.get(&start)?;
            let mut last = first;
            while last + 1 < toks.len() && toks[last + 1].end <= end {
                last += 1;
            }
            Some((first, last))
        };
        for start in 0..=chars.len() {
            for end in start..=chars.len() {
                assert_eq!(mention_tokens(&toks, start, end), reference(start, end), "{start}..{end}");
            }
        }
    }

    fn entity<'a>(ents: &'a [Entity], name: &str) -> &'a Entity {
        ents.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no entity {name} in {ents:#?}"))
    }

    #[test]
    fn seed_shaped_story_merges_aliases() {
        let ents = find(STORY);
        let p = entity(&ents, "Ngozi Okonjo-Iweala");
        assert_eq!(p.kind, EntityKind::Person);
        let texts: Vec<&str> = p.mentions.iter().map(|m| m.text.as_str()).collect();
        assert!(texts.contains(&"Ngozi Okonjo-Iweal"), "misspelling merged: {texts:?}");
        assert!(texts.contains(&"Okonjo-Iweala"), "surname merged: {texts:?}");
        assert!(texts.contains(&"WTO Head"), "role merged: {texts:?}");
        assert_eq!(entity(&ents, "WTO").kind, EntityKind::Organisation);
        assert_eq!(entity(&ents, "China").kind, EntityKind::Place);
        assert_eq!(entity(&ents, "Geneva").kind, EntityKind::Place);
        assert_eq!(entity(&ents, "United States").kind, EntityKind::Place);
        assert_eq!(entity(&ents, "Robert Lighthizer").kind, EntityKind::Person);
        let chars: Vec<char> = STORY.chars().collect();
        for e in &ents {
            for m in &e.mentions {
                assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
            }
        }
    }

    #[test]
    fn seed_shaped_story_attributes_quotes() {
        let ents = find(STORY);
        let quotes = crate::quotes::find(STORY, &ents);
        let speaker = |start: &str| {
            quotes
                .iter()
                .find(|q| q.text.starts_with(start))
                .unwrap_or_else(|| panic!("no quote {start} in {quotes:#?}"))
                .speaker
                .clone()
        };
        let ngozi = Some("Ngozi Okonjo-Iweala".to_owned());
        assert_eq!(speaker("China raised"), ngozi, "'X has said; \"…\"'");
        assert_eq!(speaker("On dispute settlement"), ngozi, "continuation paragraph");
        assert_eq!(speaker("We will meet again"), ngozi, "she said → most recent person");
        assert_eq!(speaker("Nothing has changed"), Some("Robert Lighthizer".to_owned()));
        assert_eq!(quotes.len(), 4);
    }

    fn kind_of(ents: &[Entity], name: &str) -> EntityKind {
        entity(ents, name).kind
    }

    fn mention_texts(ents: &[Entity]) -> Vec<(String, EntityKind)> {
        ents.iter().flat_map(|e| e.mentions.iter().map(move |m| (m.text.clone(), e.kind))).collect()
    }

    #[test]
    fn names_nested_in_longer_names_are_entities_too() {
        let ents = find(
            "The United States Navy sent two ships. She studies at the University of Texas in Austin, and won the Google Code Jam last year.",
        );
        let mentions = mention_texts(&ents);
        assert!(
            mentions.contains(&("United States Navy".to_owned(), EntityKind::Organisation)),
            "{mentions:?}"
        );
        assert!(mentions.contains(&("United States".to_owned(), EntityKind::Place)), "{mentions:?}");
        assert!(
            mentions.contains(&("University of Texas".to_owned(), EntityKind::Organisation)),
            "{mentions:?}"
        );
        assert!(mentions.contains(&("Texas".to_owned(), EntityKind::Place)), "{mentions:?}");
        assert!(mentions.contains(&("Google".to_owned(), EntityKind::Organisation)), "{mentions:?}");
    }

    #[test]
    fn an_organisation_and_a_person_side_by_side_are_split() {
        let ents = find("Chemistry student at University of Ohio Dayton Leyla Haddad heard of the incident.");
        assert_eq!(kind_of(&ents, "University of Ohio Dayton"), EntityKind::Organisation);
        assert!(ents.iter().any(|e| e.name == "Leyla Haddad"), "{ents:#?}");
        let ents = find("Voters backed the Labour Party and Frederick Moss in the district.");
        assert_eq!(kind_of(&ents, "Labour Party"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "Frederick Moss"), EntityKind::Person);
    }

    #[test]
    fn places_acting_as_teams_or_governments_are_organisations() {
        let sport = find(
            "Norway defeated Chile 1 – 0 on Monday. Norway had more of the ball, and Norway scored from a penalty. Norway faced Germany next.",
        );
        assert_eq!(kind_of(&sport, "Norway"), EntityKind::Organisation);
        let travel = find(
            "She moved to Norway in 2010. Norway has long winters. Life in Norway is calm, she said from Norway.",
        );
        assert_eq!(kind_of(&travel, "Norway"), EntityKind::Place);
    }

    #[test]
    fn regions_of_places_and_international_names() {
        let ents = find(
            "Children in South Australia lack vitamins. Australia has a plan, Mary Smith said. Chan Ka-lok of Civic Dawn won a seat. Thibaut Lemaire scored twice.",
        );
        assert_eq!(kind_of(&ents, "South Australia"), EntityKind::Place);
        assert_eq!(kind_of(&ents, "Australia"), EntityKind::Place);
        assert_eq!(kind_of(&ents, "Chan Ka-lok"), EntityKind::Person);
        assert_eq!(kind_of(&ents, "Thibaut Lemaire"), EntityKind::Person);
    }

    #[test]
    fn capitalisation_statistics_and_known_pairs() {
        let ents = find(
            "The sign read: DO NOT ENTER UNLESS INVITED. Nobody enters unless invited. The Home Office said so.",
        );
        assert!(!ents.iter().any(|e| e.name == "UNLESS" && e.kind == EntityKind::Organisation), "{ents:#?}");
        assert_eq!(kind_of(&ents, "Home Office"), EntityKind::Organisation);
        let ents = find("The IE6 browser is old. Microsoft dropped IE6 in 2016.");
        assert!(!ents.iter().any(|e| e.name == "IE6" && e.kind == EntityKind::Organisation), "{ents:#?}");
    }

    #[test]
    fn context_cues_type_unknown_names() {
        let ents = find(
            "Critics say Veritasia officials declined to comment. Members of the Crimson Order sign a contract. Chan Ka-lok of Civic Dawn won, and Newvoice's Lam Siu-ming lost.",
        );
        assert_eq!(kind_of(&ents, "Veritasia"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "Crimson Order"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "Civic Dawn"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "Newvoice"), EntityKind::Organisation);
        let ents = find(
            "According to the team's coach, Zorvan Quillet, the robot scored twice. The event was held in Palo Alto, California.",
        );
        assert_eq!(kind_of(&ents, "Zorvan Quillet"), EntityKind::Person);
        assert_eq!(kind_of(&ents, "Palo Alto"), EntityKind::Place);
    }

    #[test]
    fn initials_stay_inside_names_and_products_are_not_people() {
        let ents = find("The bureau was led by the lawyer J. Edgar Hoover for decades. Hoover died in 1972.");
        let hubbard = entity(&ents, "J. Edgar Hoover");
        assert_eq!(hubbard.kind, EntityKind::Person);
        assert_eq!(hubbard.mentions.len(), 2, "{hubbard:#?}");
        let ents = find(
            "Users of Google Chrome and Mozilla Firefox were warned. Google Chrome was patched on Monday.",
        );
        assert!(!ents.iter().any(|e| e.name == "Google Chrome" && e.kind == EntityKind::Person), "{ents:#?}");
    }

    #[test]
    fn nested_regions_surnames_and_acronyms() {
        let ents = find(
            "She teaches at the University of Southern Ohio. Ansel Adams took photographs; the Adams Polaroids were donated. Adams died in 1984. The ROBO Global Cup took place this week.",
        );
        let mentions = mention_texts(&ents);
        assert!(mentions.contains(&("Southern Ohio".to_owned(), EntityKind::Place)), "{mentions:?}");
        assert!(mentions.contains(&("Adams".to_owned(), EntityKind::Person)), "{mentions:?}");
        assert!(mentions.contains(&("ROBO".to_owned(), EntityKind::Organisation)), "{mentions:?}");
    }

    #[test]
    fn given_name_titles_known_organisations_and_areas() {
        let ents = find("The competition was founded by Dean Morrow in 1989. Morrow said it grew.");
        assert_eq!(kind_of(&ents, "Dean Morrow"), EntityKind::Person);
        let ents = find(
            "The dean of the faculty, Dean Smith, spoke. Governor Jones agreed with the governor's aide.",
        );
        assert!(ents.iter().any(|e| e.name == "Jones" && e.kind == EntityKind::Person), "{ents:#?}");
        let ents =
            find("Volunteers of the Canadian Red Cross helped voters in the Vancouver Island constituency.");
        assert_eq!(kind_of(&ents, "Canadian Red Cross"), EntityKind::Organisation);
        let mentions = mention_texts(&ents);
        assert!(mentions.contains(&("Vancouver".to_owned(), EntityKind::Place)), "{mentions:?}");
    }

    #[test]
    fn programmes_events_products_and_common_nouns_are_not_organisations() {
        let ents = find(
            "NASA ended the Space Shuttle Program after Waitangi Day. The IE6 browser is old; IE lost users. \
             The Polaroid camera was new, and the Polaroids were ready in minutes. Scientology vs. the Internet, part XVII.",
        );
        for name in ["Space Shuttle Program", "Waitangi Day", "IE", "Polaroid", "XVII"] {
            assert!(
                !ents.iter().any(
                    |e| e.name == name && matches!(e.kind, EntityKind::Organisation | EntityKind::Person)
                ),
                "{name}: {ents:#?}"
            );
        }
        let ents = find(
            "The Australian Centre for Control of Iodine Deficiency Disorders met. Iodine deficiency is common: \
             iodine is rare in soil, iodine levels fall, and iodine matters.",
        );
        let centre = entity(&ents, "Australian Centre for Control of Iodine Deficiency Disorders");
        assert_eq!(centre.mentions.len(), 1, "{centre:#?}");
    }

    #[test]
    fn lists_articles_and_class_nouns_type_names() {
        let ents =
            find("Greeks worship the ancient gods, such as Zeus, Hera, Poseidon, Aphrodite, and Athena.");
        assert_eq!(kind_of(&ents, "Zeus"), EntityKind::Person);
        assert_eq!(kind_of(&ents, "Poseidon"), EntityKind::Person);
        let ents = find("The background music was from bands such as The Velvet Underground.");
        assert!(
            !ents.iter().any(|e| e.name == "Velvet Underground" && e.kind == EntityKind::Person),
            "{ents:#?}"
        );
        let ents = find(
            "The secularist magazine MicroMega called it historic. Shells fell in the town of Yeoncheon.",
        );
        assert_eq!(kind_of(&ents, "MicroMega"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "Yeoncheon"), EntityKind::Place);
        let ents = find("Officials told BBC News that Environment Canada staff lost the file.");
        let mentions = mention_texts(&ents);
        assert!(!mentions.contains(&("BBC".to_owned(), EntityKind::Organisation)), "{mentions:?}");
        assert!(!mentions.contains(&("Canada".to_owned(), EntityKind::Place)), "{mentions:?}");
    }

    #[test]
    fn places_of_a_match_report_are_teams() {
        let ents = find(
            "Sweden defeated South Korea 1 – 0. Belgium beat Panama 3 – 0. Sweden scored first. Sweden had the ball. \
             Sweden faced South Korea in Nizhny Novgorod.",
        );
        assert_eq!(kind_of(&ents, "Sweden"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "South Korea"), EntityKind::Organisation);
    }

    #[test]
    fn name_dense_sentences_are_not_title_lines() {
        let ents = find(
            "The study was supported by the Croucher Foundation, US National Science Foundation, and US National Park Service\n\nThe border vessel left Dover on Monday. Image: Brian Burnell.",
        );
        assert_eq!(kind_of(&ents, "Croucher Foundation"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "Brian Burnell"), EntityKind::Person);
        // A headline still only repeats names the body established.
        let ents = find("Zorvan Quillet Wins Award With Team From Veritasia\n\nThe team won a prize.");
        assert!(!ents.iter().any(|e| e.name == "Zorvan Quillet"), "{ents:#?}");
        let story = "Quillet Wins Award\nThe team won. Quillet Wins Award";
        let chars: Vec<char> = story.chars().collect();
        let toks = tokens::tokenize(&tokens::CharText::new(story, &chars));
        let lines = title_lines::title_case_lines(&toks);
        assert!(lines[0], "headline");
        assert!(!lines[toks.len() - 1], "sentence with lowercase content words");
    }

    #[test]
    fn a_one_line_story_is_no_headline() {
        let ents = find("Storms hit Texas and Oklahoma on Monday.");
        assert_eq!(kind_of(&ents, "Texas"), EntityKind::Place);
        assert_eq!(kind_of(&ents, "Oklahoma"), EntityKind::Place);
    }

    #[test]
    fn lone_head_words_at_sentence_starts_are_common_nouns() {
        let ents =
            find("Police arrested two men on Monday. News of the arrest spread fast, the police said.");
        assert!(!ents.iter().any(|e| e.name == "Police" || e.name == "News"), "{ents:#?}");
        let ents = find("The Police Service of Northern Ireland said it arrested two men.");
        assert!(ents.iter().any(|e| e.kind == EntityKind::Organisation), "{ents:#?}");
    }

    #[test]
    fn names_with_attached_affixes_are_split_off() {
        let body = "The Toronto-based firm sold Scientology-related books. T-shirts and Ka-lok stay whole.";
        let ents = find(body);
        let mentions = mention_texts(&ents);
        assert!(mentions.contains(&("Toronto".to_owned(), EntityKind::Place)), "{mentions:?}");
        assert!(mentions.iter().any(|(text, _)| text == "Scientology"), "{mentions:?}");
        let chars: Vec<char> = body.chars().collect();
        let toks = doc::split_affixed_names(tokens::tokenize(&tokens::CharText::new(body, &chars)));
        assert!(toks.iter().any(|t| t.text == "T-shirts"));
        assert!(toks.iter().any(|t| t.text == "Ka-lok"));
        for t in &toks {
            assert_eq!(chars[t.start..t.end].iter().collect::<String>(), t.text);
        }
    }

    #[test]
    fn ampersands_join_names_and_newspapers_are_organisations() {
        let ents = find(
            "Models went to the Harbour Sailing & Rowing Museum of Westport. Profits rose at Procter & Gamble.",
        );
        let names: Vec<&str> = ents.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"Harbour Sailing & Rowing Museum of Westport"), "{names:?}");
        assert!(names.contains(&"Procter & Gamble"), "{names:?}");
        let ents = find(
            "Officials said that heavy storms hit Texas & Oklahoma on Monday, and that Mary Smith & John Brown were safe.",
        );
        let names: Vec<&str> = ents.iter().map(|e| e.name.as_str()).collect();
        for name in ["Texas", "Oklahoma", "Mary Smith", "John Brown"] {
            assert!(names.contains(&name), "{name}: {names:?}");
        }
        let ents = find("The leak was first reported by the Toronto Star and the Daily Mail on Friday.");
        assert_eq!(kind_of(&ents, "Toronto Star"), EntityKind::Organisation);
        assert_eq!(kind_of(&ents, "Daily Mail"), EntityKind::Organisation);
    }

    #[test]
    fn an_occupation_noun_before_a_name_marks_a_person() {
        let ents = find(
            "The save came from goalkeeper Tavio Brenneck in the first half. The gowns of fashion designer Quorrin were shown.",
        );
        assert_eq!(kind_of(&ents, "Tavio Brenneck"), EntityKind::Person);
        assert_eq!(kind_of(&ents, "Quorrin"), EntityKind::Person);
        let ents = find("The photographer Paris Hilton met the singer in Paris.");
        assert!(!ents.iter().any(|e| e.name == "Paris" && e.kind == EntityKind::Person), "{ents:#?}");
    }

    #[test]
    fn lists_of_places_compass_regions_and_acronym_confirmed_names() {
        let ents = find(
            "Trials ran in New South Wales, Victoria, South Australia and Queensland last year. Victoria had the most.",
        );
        assert_eq!(kind_of(&ents, "Victoria"), EntityKind::Place);
        let ents = find("Ministers asked the governments of South East Asia to help.");
        assert_eq!(kind_of(&ents, "South East Asia"), EntityKind::Place);
        let ents = find(
            "A petition came from the League of Free Thinkers and Sceptics (LFTS) and from the Partito 7 Venti (P7V) on Monday.",
        );
        assert_eq!(kind_of(&ents, "League of Free Thinkers and Sceptics"), EntityKind::Organisation);
        let lista = entity(&ents, "Partito 7 Venti");
        let texts: Vec<&str> = lista.mentions.iter().map(|m| m.text.as_str()).collect();
        assert!(texts.contains(&"P7V"), "{texts:?}");
        // Without a matching acronym, "and" still separates two names.
        let ents = find("A petition came from the League of Free Thinkers and Sceptics (CPU) on Monday.");
        assert!(!ents.iter().any(|e| e.name == "League of Free Thinkers and Sceptics"), "{ents:#?}");
    }

    #[test]
    fn party_words_districts_owners_and_stance_adjectives() {
        let ents = find("Voters were unhappy, and Labour has a plan to win them back, its leader said.");
        assert_eq!(kind_of(&ents, "Labour"), EntityKind::Organisation);
        let ents = find("Both the Maple Creek Unified School District and the town council agreed.");
        assert_eq!(kind_of(&ents, "Maple Creek Unified School District"), EntityKind::Organisation);
        let ents = find("The vote was close. Zorvania's Nathan Brill won a seat in the east.");
        assert_eq!(kind_of(&ents, "Zorvania"), EntityKind::Organisation);
        let ents = find("Seats were won by many parties. Pro-Beijing ZLP's Mary Chow won again.");
        assert!(ents.iter().any(|e| e.name == "ZLP" && e.kind == EntityKind::Organisation), "{ents:#?}");
        let ents =
            find("The director of the Institute for Pacific Relations Maria Salem said the talks went well.");
        assert_eq!(kind_of(&ents, "Maria Salem"), EntityKind::Person);
    }

    #[test]
    fn namesakes_of_buildings_are_people() {
        let ents = find(
            "Crowds gathered at the Lin Wei Tan Memorial on Sunday. Flights left John F. Kennedy International Airport. \
             Engineers met at the Johnson Space Center in Houston.",
        );
        let mentions = mention_texts(&ents);
        assert!(mentions.contains(&("Lin Wei Tan".to_owned(), EntityKind::Person)), "{mentions:?}");
        assert!(mentions.contains(&("John F. Kennedy".to_owned(), EntityKind::Person)), "{mentions:?}");
        let ents = find(
            "The shuttle went to the National Flight Museum Anna L. Kovac-Brandt Center on Monday. Crowds filled the Kovac-Brandt Center.",
        );
        let mentions = mention_texts(&ents);
        assert!(mentions.contains(&("Anna L. Kovac-Brandt".to_owned(), EntityKind::Person)), "{mentions:?}");
        assert!(mentions.contains(&("Kovac-Brandt".to_owned(), EntityKind::Person)), "{mentions:?}");
        assert!(
            !mentions.iter().any(|(text, kind)| text.starts_with("Johnson") && *kind == EntityKind::Person),
            "{mentions:?}"
        );
    }

    #[test]
    fn words_also_written_in_lowercase_are_no_lone_names() {
        let ents = find(
            "Alvin Yeung won a seat. Young and new faces emerged, as young voters turned out. A doctor said so. Doctor Who fans cheered.",
        );
        let yeung = entity(&ents, "Alvin Yeung");
        assert!(!yeung.mentions.iter().any(|m| m.text == "Young"), "{yeung:#?}");
        assert!(!ents.iter().any(|e| e.name == "Doctor" && e.kind == EntityKind::Person), "{ents:#?}");
    }

    #[test]
    fn place_heads_and_place_contexts() {
        let ents = find(
            "Visitors went to the Harlow Planetarium, the Riverside Towers, then Masjid Al-Noor. The market is next to Vellacorte, \
             and the study ran at the University of Northern Wales at Oakmere Hill.",
        );
        assert_eq!(kind_of(&ents, "Harlow Planetarium"), EntityKind::Place);
        assert_eq!(kind_of(&ents, "Riverside Towers"), EntityKind::Place);
        assert_eq!(kind_of(&ents, "Masjid Al-Noor"), EntityKind::Place);
        assert_eq!(kind_of(&ents, "Vellacorte"), EntityKind::Place);
        assert_eq!(kind_of(&ents, "Oakmere Hill"), EntityKind::Place);
        let ents = find("The request came from the Municipality of Castellaro on Monday.");
        let mentions = mention_texts(&ents);
        assert!(mentions.contains(&("Castellaro".to_owned(), EntityKind::Place)), "{mentions:?}");
    }

    #[test]
    fn organisation_cues_systems_owners_coordination_and_teams() {
        let ents = find("Taxes moved from the ZRT system to the QMU system. The VOLTAR database leaked.");
        for name in ["ZRT", "QMU", "VOLTAR"] {
            assert!(
                !ents.iter().any(|e| e.name == name && e.kind == EntityKind::Organisation),
                "{name}: {ents:#?}"
            );
        }
        let ents =
            find("The final saw US team Quasarix and Nebulons face off. One Nebulons player left early.");
        assert_eq!(kind_of(&ents, "Nebulons"), EntityKind::Organisation);
        let ents = find("The orbiter moves from the Halvergate's National Flight Museum to a new home.");
        assert_eq!(kind_of(&ents, "Halvergate"), EntityKind::Organisation);
        let ents = find("Robots crossed the border. Team Estonia had to rebuild theirs.");
        assert_eq!(kind_of(&ents, "Team Estonia"), EntityKind::Organisation);
        assert!(!mention_texts(&ents).contains(&("Estonia".to_owned(), EntityKind::Place)), "{ents:#?}");
    }

    #[test]
    fn a_lone_ambiguous_given_name_met_once_is_no_person() {
        let ents = find("The team listed their country as \"Hope\" on their shirts.");
        assert!(!ents.iter().any(|e| e.name == "Hope" && e.kind == EntityKind::Person), "{ents:#?}");
        let ents = find("Hope said the shirts were ready. Later Hope said it again.");
        assert_eq!(kind_of(&ents, "Hope"), EntityKind::Person);
    }

    #[test]
    fn work_titles_and_currencies_are_not_people_or_places() {
        let ents =
            find("She launched her graphic novel Angel Brightwing with friends. Bail was set at US$ 20,000.");
        assert!(
            !ents.iter().any(|e| e.name == "Angel Brightwing" && e.kind == EntityKind::Person),
            "{ents:#?}"
        );
        assert!(!ents.iter().any(|e| e.kind == EntityKind::Place), "{ents:#?}");
    }

    #[test]
    fn a_family_name_heading_a_government_is_a_person() {
        let ents = find("The tax changed under the Monti government in 2012.");
        assert_eq!(kind_of(&ents, "Monti"), EntityKind::Person);
        let ents = find("The tax changed under the Ontario government in 2012.");
        assert_eq!(kind_of(&ents, "Ontario"), EntityKind::Place);
    }

    fn token() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Mr.".to_owned()),
            Just("President".to_owned()),
            Just("Smith".to_owned()),
            Just("Smyth".to_owned()),
            Just("of".to_owned()),
            Just("said".to_owned()),
            Just("\"".to_owned()),
            Just("“".to_owned()),
            Just("”".to_owned()),
            Just("«".to_owned()),
            Just("„".to_owned()),
            Just("'s".to_owned()),
            Just("U.S.".to_owned()),
            Just("\n\n".to_owned()),
            Just("ÉTAT".to_owned()),
            Just("İstanbul".to_owned()),
            Just("ß".to_owned()),
            "[A-Z][a-z]{0,8}",
            "[A-Z]{1,6}",
            "[ .,;:!?'\"-]{1,3}",
            "\\PC{1,4}",
        ]
    }

    proptest! {
        #[test]
        fn any_text_gives_valid_spans(parts in proptest::collection::vec(token(), 0..60), seps in proptest::collection::vec(prop_oneof![Just(" "), Just(""), Just("\n")], 60)) {
            let text: String = parts.iter().zip(seps.iter().cycle()).map(|(p, s)| format!("{p}{s}")).collect();
            let chars: Vec<char> = text.chars().collect();
            let ents = find(&text);
            for e in &ents {
                prop_assert!(!e.name.trim().is_empty());
                for m in &e.mentions {
                    prop_assert!(m.start < m.end && m.end <= chars.len());
                    prop_assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text.clone());
                }
            }
            for q in crate::quotes::find(&text, &ents) {
                prop_assert!(q.start < q.end && q.end <= chars.len());
                prop_assert_eq!(chars[q.start..q.end].iter().collect::<String>(), q.text.clone());
            }
            let _ = crate::summary::summarise(&text, Some(&text));
            let _ = crate::keywords::extract(&text, None, &ents);
            let _ = crate::topics::classify(&text, None, &ents);
            let f = crate::fingerprint::fingerprint(&text);
            prop_assert!(f.is_empty() || crate::fingerprint::similarity(&f, &f) == 1.0);
        }
    }
}
