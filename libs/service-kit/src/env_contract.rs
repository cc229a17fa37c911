//! The settings a binary reads from its environment, as data: `<binary> env-contract` prints them
//! as JSON, read from the binary's own clap `Config`. `nx sync` generates the deployments from it
//! (the compose files' environment blocks, the Helm chart's schema, `.env.example`,
//! docs/settings.md), so a setting added to a `Config` reaches all of them without a hand copy.

use std::any::TypeId;

use clap::{Arg, ArgAction, Command};
use serde::Serialize;

/// What clap cannot say about a binary's settings: which ones production refuses to run without,
/// and which may come from a file instead (a mounted secret). Each binary declares them next to its
/// `Config`, whose checks use the same lists.
#[derive(Debug, Clone, Copy)]
pub struct ContractFacts {
    /// Settings production refuses to start without (their development defaults will not do).
    pub required_in_production: &'static [&'static str],
    /// `(setting, file variable)`: the file variable names a file whose content supplies the
    /// setting's secret part (e.g. DATABASE_URL's password from DATABASE_PASSWORD_FILE).
    pub secret_files: &'static [(&'static str, &'static str)],
}

/// One environment variable a binary reads.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Setting {
    pub name: String,
    /// The command-line flag that sets it too.
    pub flag: String,
    /// Unset: the program decides (its description says how).
    pub default: Option<String>,
    pub kind: Kind,
    /// The values it accepts, when they are a fixed set.
    pub choices: Vec<String>,
    /// Its value must not be shown (`hide_env_values`): a password or a URL holding one.
    pub secret: bool,
    /// The variable naming a file that supplies its secret part.
    pub secret_file: Option<String>,
    pub required_in_production: bool,
    pub description: String,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    Text,
    Integer,
    Boolean,
    Choice,
    /// Comma-separated values.
    List,
}

/// The contract of `command` (a binary's whole command line, flattened `Config` included): every
/// argument that an environment variable sets, in declaration order.
pub fn env_contract(command: &Command, facts: ContractFacts) -> Vec<Setting> {
    command
        .get_arguments()
        .filter_map(|arg| {
            let name = arg.get_env()?.to_str()?.to_owned();
            Some(Setting {
                flag: format!("--{}", arg.get_long().unwrap_or_default()),
                default: default_of(arg),
                kind: kind_of(arg),
                choices: choices_of(arg),
                secret: arg.is_hide_env_values_set(),
                secret_file: facts
                    .secret_files
                    .iter()
                    .find(|(setting, _)| *setting == name)
                    .map(|(_, file)| (*file).to_owned()),
                required_in_production: facts.required_in_production.contains(&name.as_str()),
                description: description_of(arg),
                name,
            })
        })
        .collect()
}

/// The contract as the JSON `<binary> env-contract` prints.
pub fn env_contract_json(command: &Command, facts: ContractFacts) -> String {
    serde_json::to_string_pretty(&env_contract(command, facts)).expect("settings serialize")
}

fn default_of(arg: &Arg) -> Option<String> {
    let values: Vec<_> = arg.get_default_values().iter().map(|value| value.to_string_lossy()).collect();
    (!values.is_empty()).then(|| values.join(","))
}

fn kind_of(arg: &Arg) -> Kind {
    let parsed = arg.get_value_parser().type_id();
    let integers = [TypeId::of::<u16>(), TypeId::of::<u32>(), TypeId::of::<u64>(), TypeId::of::<usize>()];
    if matches!(arg.get_action(), ArgAction::SetTrue | ArgAction::SetFalse) || parsed == TypeId::of::<bool>()
    {
        Kind::Boolean
    } else if arg.get_value_delimiter().is_some() {
        Kind::List
    } else if integers.iter().any(|integer| parsed == *integer) {
        Kind::Integer
    } else if !arg.get_possible_values().is_empty() {
        Kind::Choice
    } else {
        Kind::Text
    }
}

fn choices_of(arg: &Arg) -> Vec<String> {
    match kind_of(arg) {
        Kind::Choice => arg.get_possible_values().iter().map(|value| value.get_name().to_owned()).collect(),
        _ => Vec::new(),
    }
}

/// The doc comment, whole (clap keeps its first paragraph as `help`, all of it as `long_help`),
/// with the source's line breaks inside a paragraph undone and the full stop clap drops from a
/// one-paragraph comment put back.
fn description_of(arg: &Arg) -> String {
    let text = arg.get_long_help().or(arg.get_help()).map(ToString::to_string).unwrap_or_default();
    let mut description = text
        .split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n");
    if !description.is_empty() && !description.ends_with(['.', '!', '?']) {
        description.push('.');
    }
    description
}

#[cfg(test)]
mod tests {
    use clap::{Args, CommandFactory, Parser};

    use super::*;
    use crate::ServiceSettings;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        settings: Settings,
    }

    #[derive(Args)]
    struct Settings {
        /// Where the data is.
        #[arg(long, env = "DATA_URL", default_value = "postgres://localhost/data", hide_env_values = true)]
        data_url: String,
        /// Seconds to wait.
        #[arg(long, env = "WAIT_SECONDS", default_value_t = 5)]
        wait_seconds: u64,
        /// Origins, comma-separated.
        #[arg(long, env = "ORIGINS", value_delimiter = ',')]
        origins: Vec<String>,
        #[arg(long, env = "DEMO", default_value_t = false)]
        demo: bool,
        /// Not from the environment.
        #[arg(long)]
        verbose: bool,
        #[command(flatten)]
        service: ServiceSettings,
    }

    const FACTS: ContractFacts = ContractFacts {
        required_in_production: &["DATA_URL"],
        secret_files: &[("DATA_URL", "DATA_PASSWORD_FILE")],
    };

    #[test]
    fn reads_every_environment_setting_with_its_facts() {
        let contract = env_contract(&Cli::command(), FACTS);
        let names: Vec<_> = contract.iter().map(|setting| setting.name.as_str()).collect();
        assert_eq!(
            names,
            ["DATA_URL", "WAIT_SECONDS", "ORIGINS", "DEMO", "RUNTIME_ENV", "LOG_LEVEL", "LOG_FORMAT"]
        );
        let data = &contract[0];
        assert_eq!(data.default.as_deref(), Some("postgres://localhost/data"));
        assert!(data.secret && data.required_in_production);
        assert_eq!(data.secret_file.as_deref(), Some("DATA_PASSWORD_FILE"));
        assert_eq!(data.description, "Where the data is.");
        assert_eq!(contract[1].kind, Kind::Integer);
        assert_eq!(contract[2].kind, Kind::List);
        assert_eq!(contract[2].default, None);
        assert_eq!(contract[3].kind, Kind::Boolean);
        assert_eq!(contract[4].kind, Kind::Choice);
        assert_eq!(contract[4].choices, ["development", "production"]);
        assert!(!contract[1].secret && !contract[1].required_in_production);
    }
}
