// Evaluates the parameter-count formulas of /api/v1/cells ("4*H*(in + H) + 2*4*H") for given
// variables. A small recursive-descent parser of + - * / ( ), integers and names: no eval.
//
//   evaluate("H*(in + H) + H", {H: 8, in: 500}) -> 4072

export function evaluate(source, vars) {
  const tokens = source.match(/\d+|[A-Za-z_]\w*|[-+*/()]/g) ?? [];
  if (tokens.join("") !== source.replace(/\s+/g, "")) throw new Error(`bad formula: ${source}`);
  let i = 0;
  const peek = () => tokens[i];
  const take = () => tokens[i++];

  function atom() {
    const tok = take();
    if (tok === "(") {
      const value = sum();
      if (take() !== ")") throw new Error(`missing ) in ${source}`);
      return value;
    }
    if (tok === "-") return -atom();
    if (/^\d+$/.test(tok)) return Number(tok);
    if (tok in vars) return vars[tok];
    throw new Error(`unknown name ${tok} in ${source}`);
  }
  function product() {
    let value = atom();
    while (peek() === "*" || peek() === "/") value = take() === "*" ? value * atom() : value / atom();
    return value;
  }
  function sum() {
    let value = product();
    while (peek() === "+" || peek() === "-") value = take() === "+" ? value + product() : value - product();
    return value;
  }

  const value = sum();
  if (i !== tokens.length) throw new Error(`trailing input in ${source}`);
  return value;
}
