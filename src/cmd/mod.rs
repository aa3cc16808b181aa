//! One module per subcommand; each takes its arguments whole.

pub mod build;
pub mod changelog;
pub mod check;
pub mod init;
pub mod kpi;
pub mod new;
pub mod serve;
pub mod status;
