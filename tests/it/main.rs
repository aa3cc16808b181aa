//! Integration tests: fixture sites built into temporary folders, checked by content.

mod architecture;
mod bad_input;
mod build;
mod check;
mod common;
mod dependencies;
mod feeds;
mod flight_plan;
mod git;
mod hostile;
mod init;
mod kpi;
mod layout;
mod links;
mod meetings;
mod new;
mod package;
mod props;
mod serve;
mod snapshots;
mod status;
mod templates_doc;
