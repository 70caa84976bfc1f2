//! `synth N DIR`: writes a synthetic API of N endpoints to `DIR/synth_N.yaml`
//! (an endpointgen spec) and `DIR/synth_N.json` (the same API in OpenAPI 3.0).

use std::path::PathBuf;
use std::process::ExitCode;

use endpointgen_benches::synth;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [count, dir] = args.as_slice() else {
        eprintln!("usage: synth ENDPOINTS DIR");
        return ExitCode::from(2);
    };
    let Ok(count) = count.parse::<usize>() else {
        eprintln!("synth: `{count}` is not a number of endpoints");
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    let name = synth::api_name(count);
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(dir.join(format!("{name}.yaml")), synth::native_spec(count)))
        .and_then(|()| std::fs::write(dir.join(format!("{name}.json")), synth::openapi(count)));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("synth: cannot write to {}: {error}", dir.display());
            ExitCode::from(2)
        }
    }
}
