# The fixed part of the bash completion for dabiao-cli; doc/help-docs.py puts
# the tables read from --help in front of it (_dabiao_cli_words, _options,
# _arguments, _option_kind).

# The options of a command path; a subcommand word of a command with one set
# of options ("standards show") has its command's options.
_dabiao_cli_options_of () {
  local p=$1 o
  while :; do
    o=$(_dabiao_cli_options "$p")
    [[ -n $o || $p != *" "* ]] && break
    p=${p% *}
  done
  echo "$o"
}

_dabiao_cli_kind_of () {
  local p=$1 k
  while :; do
    k=$(_dabiao_cli_option_kind "$p" "$2")
    [[ -n $k || $p != *" "* ]] && break
    p=${p% *}
  done
  echo "${k:-none}"
}

# Files (with the extension $1 only, and folders), as _filedir does.
_dabiao_cli_files () {
  if declare -F _filedir >/dev/null; then
    _filedir "$@"
    return
  fi
  compopt -o filenames 2>/dev/null
  local f IFS=$'\n'
  for f in $(compgen -f -- "$cur"); do
    if [[ -z $1 || -d $f || $f == *."$1" ]]; then
      COMPREPLY+=("$f")
    fi
  done
}

# Complete $cur as a value of the given kind.
_dabiao_cli_complete_kind () {
  local kind=${1%+} cli=$2
  case $kind in
    event) _dabiao_cli_files dabiao ;;
    file) _dabiao_cli_files ;;
    standard)
      COMPREPLY+=($(compgen -W "$("$cli" standards list 2>/dev/null | awk '{print $1}')" -- "$cur")) ;;
    file-or-standard)
      _dabiao_cli_files
      COMPREPLY+=($(compgen -W "$("$cli" standards list 2>/dev/null | awk '{print $1}')" -- "$cur")) ;;
    profile)
      COMPREPLY+=($(compgen -W "$("$cli" profile list 2>/dev/null | awk '{print $1}')" -- "$cur")) ;;
    port)
      COMPREPLY+=($(compgen -G "${cur:-/dev/tty}*" 2>/dev/null | grep -E '^/dev/tty(S|USB|ACM)|^/dev/serial|^/dev/pts/' )) ;;
  esac
}

_dabiao_cli () {
  local cur prev words cword
  if declare -F _init_completion >/dev/null; then
    _init_completion -n = || return
  else
    words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
    cur=${words[cword]}; prev=${words[cword-1]}
  fi
  COMPREPLY=()
  local cli=${words[0]} path="" expect="" w i kind next
  local -a positional=()
  for ((i = 1; i < cword; i++)); do
    w=${words[i]}
    if [[ -n $expect ]]; then expect=""; continue; fi
    if [[ $w == -* ]]; then
      [[ $w == *=* ]] && continue
      kind=$(_dabiao_cli_kind_of "$path" "$w")
      [[ $kind != none ]] && expect=$w
      continue
    fi
    next=$(_dabiao_cli_words "$path")
    if ((${#positional[@]} == 0)) && [[ " $next " == *" $w "* ]]; then
      path=${path:+$path }$w
    else
      positional+=("$w")
    fi
  done

  if [[ $cur == --*=* ]]; then
    local option=${cur%%=*}
    cur=${cur#*=}
    _dabiao_cli_complete_kind "$(_dabiao_cli_kind_of "$path" "$option")" "$cli"
    COMPREPLY=("${COMPREPLY[@]/#/$option=}")
    return
  fi
  if [[ -n $expect ]]; then
    _dabiao_cli_complete_kind "$(_dabiao_cli_kind_of "$path" "$expect")" "$cli"
    return
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_dabiao_cli_options_of "$path") --help" -- "$cur"))
    return
  fi
  next=$(_dabiao_cli_words "$path")
  if [[ -n $next ]] && ((${#positional[@]} == 0)); then
    COMPREPLY=($(compgen -W "$next" -- "$cur"))
    return
  fi
  local -a kinds=($(_dabiao_cli_arguments "$path"))
  local n=${#positional[@]}
  kind=""
  if ((n < ${#kinds[@]})); then
    kind=${kinds[n]}
  elif ((${#kinds[@]} > 0)) && [[ ${kinds[-1]} == *+ ]]; then
    kind=${kinds[-1]}
  fi
  [[ -n $kind ]] && _dabiao_cli_complete_kind "$kind" "$cli"
  return 0
}

complete -F _dabiao_cli dabiao-cli
