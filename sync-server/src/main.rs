//! `fieldsales-server`: set up a data directory, add territories and users, serve.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use fieldsales_core::records::Role;
use fieldsales_server::{Api, Error};

#[derive(Parser)]
#[command(
    name = "fieldsales-server",
    version,
    about = "The fieldsales sync server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the data directory and its database.
    Init {
        #[arg(long)]
        data: PathBuf,
    },
    /// Territories.
    #[command(subcommand)]
    Territory(TerritoryCmd),
    /// Users.
    #[command(subcommand)]
    User(UserCmd),
    /// Serve HTTP until SIGTERM or SIGINT.
    Serve {
        #[arg(long)]
        data: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
    },
}

#[derive(Subcommand)]
enum TerritoryCmd {
    Add {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum UserCmd {
    Add {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, env = "FIELDSALES_PASSWORD", hide_env_values = true)]
        password: String,
        #[arg(long, value_parser = ["rep", "manager", "admin"])]
        role: String,
        #[arg(long = "territory")]
        territories: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Sign a user out everywhere and disable the account.
    Revoke {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        name: String,
    },
}

fn existing(data: &std::path::Path) -> Result<Api, Error> {
    if !data.join("server.db").exists() {
        return Err(Error::NotFound(format!(
            "{} is not initialised: run `init` first",
            data.display()
        )));
    }
    Api::open(data)
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Init { data } => {
            Api::open(&data)?;
            println!("initialised {}", data.display());
        }
        Command::Territory(TerritoryCmd::Add {
            data,
            name,
            parent,
            json,
        }) => {
            let t = existing(&data)?
                .service
                .create_territory(&name, parent.as_deref())?;
            if json {
                println!("{}", serde_json::json!({ "id": t.id, "name": t.name }));
            } else {
                println!("{}", t.id);
            }
        }
        Command::User(UserCmd::Add {
            data,
            name,
            password,
            role,
            territories,
            json,
        }) => {
            let role = Role::parse(&role)?;
            let u = existing(&data)?
                .service
                .create_user(&name, &password, role, &territories)?;
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "id": u.id, "name": u.name, "role": role.as_str() })
                );
            } else {
                println!("{}", u.id);
            }
        }
        Command::User(UserCmd::Revoke { data, name }) => {
            let api = existing(&data)?;
            let u = api
                .store()
                .user_by_name(&name)?
                .ok_or_else(|| Error::NotFound(format!("no user {name}")))?;
            use fieldsales_server::store::ServerStore;
            api.store().revoke_tokens(&u.id)?;
            api.store().set_user_active(&u.id, false)?;
            println!("revoked {name}");
        }
        Command::Serve { data, listen } => {
            let api = Arc::new(existing(&data)?);
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind(&listen).await?;
                let addr = listener.local_addr()?;
                println!("listening on http://{addr}");
                std::io::stdout().flush()?;
                fieldsales_server::http::serve(api, listener, shutdown_signal()).await?;
                Ok::<(), Error>(())
            })?;
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
