//! The parser of the Common Expression Language as Google Cloud reads attribute mappings and
//! conditions: the grammar of cel-spec's `langdef.md` (literals, `?:`, `||`, `&&`,
//! relations with `in`, arithmetic, `!` and `-`, member selection, indexing, calls,
//! list and map literals) and its macros (`has`, `all`, `exists`, `exists_one`, `map`,
//! `filter`). Message construction (`Foo{...}`), bytes literals and leading-dot names are
//! outside the modelled language: they are [`CelErrorKind::Unsupported`], located, never
//! read as something else.

use std::fmt;

/// A byte range in the expression text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Range {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Range {
    fn to(self, other: Range) -> Range {
        Range {
            start: self.start,
            end: other.end,
        }
    }
}

/// Why an expression cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CelErrorKind {
    /// Not CEL: Google refuses to save the provider.
    Syntax,
    /// CEL that oidc-trust does not model (a bytes literal, message construction, a
    /// function it does not know): no verdict is given rather than a guessed one.
    Unsupported,
}

/// A located problem with an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CelError {
    /// Syntax error or unsupported construct.
    pub kind: CelErrorKind,
    /// Where in the expression.
    pub range: Range,
    /// What is wrong, lowercase.
    pub message: String,
}

impl fmt::Display for CelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `||`
    Or,
    /// `&&`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "||",
            BinOp::And => "&&",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }
}

/// A comprehension macro.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Macro {
    /// `e.all(x, p)`
    All,
    /// `e.exists(x, p)`
    Exists,
    /// `e.exists_one(x, p)`
    ExistsOne,
    /// `e.map(x, t)` or `e.map(x, p, t)`
    Map,
    /// `e.filter(x, p)`
    Filter,
}

/// One expression, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is in the text.
    pub range: Range,
}

/// The expression forms.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `null`
    Null,
    /// `true`, `false`
    Bool(bool),
    /// An `int` literal.
    Int(i64),
    /// A `uint` literal (`1u`).
    Uint(u64),
    /// A `double` literal.
    Double(f64),
    /// A string literal, unescaped.
    Str(String),
    /// A name: `assertion`, `google`, `attribute` or a comprehension variable.
    Ident(String),
    /// `operand.field`
    Select(Box<Expr>, String),
    /// `has(operand.field)`
    Has(Box<Expr>, String),
    /// `operand[index]`
    Index(Box<Expr>, Box<Expr>),
    /// A function call: `name(args)` or `target.name(args)`.
    Call {
        /// The receiver, for a method-style call.
        target: Option<Box<Expr>>,
        /// The function's name.
        name: String,
        /// Where the name is.
        name_range: Range,
        /// The arguments.
        args: Vec<Expr>,
    },
    /// `!e`
    Not(Box<Expr>),
    /// `-e`
    Neg(Box<Expr>),
    /// `a op b`
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `c ? a : b`
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `[a, b]`
    List(Vec<Expr>),
    /// `{k: v}`
    Map(Vec<(Expr, Expr)>),
    /// A comprehension macro over `range` with the variable `var`.
    Comprehension {
        /// Which macro.
        kind: Macro,
        /// The list or map iterated.
        range: Box<Expr>,
        /// The variable.
        var: String,
        /// The predicate (for `map` with three arguments, the filter).
        predicate: Option<Box<Expr>>,
        /// The transform of `map`.
        transform: Option<Box<Expr>>,
    },
}

/// How deep expressions may nest: cel-spec asks implementations for at least 12 levels of
/// nesting; Google's limit is not documented (UNCONFIRMED), and 4096 characters bound it.
const MAX_DEPTH: usize = 32;

const RESERVED: &[&str] = &[
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Int(i64),
    Uint(u64),
    Double(f64),
    Str(String),
    Ident(String),
    Punct(&'static str),
    Eof,
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
}

fn syntax(range: Range, message: impl Into<String>) -> CelError {
    CelError {
        kind: CelErrorKind::Syntax,
        range,
        message: message.into(),
    }
}

fn unsupported(range: Range, message: impl Into<String>) -> CelError {
    CelError {
        kind: CelErrorKind::Unsupported,
        range,
        message: message.into(),
    }
}

const PUNCTS: &[&str] = &[
    "==", "!=", "<=", ">=", "&&", "||", "(", ")", "[", "]", "{", "}", ".", ",", ":", "?", "+", "-",
    "*", "/", "%", "!", "<", ">",
];

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or_default()
    }

    fn skip_space(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start_matches([' ', '\t', '\n', '\r', '\x0c']);
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else {
                return;
            }
        }
    }

    fn next(&mut self) -> Result<(Tok, Range), CelError> {
        self.skip_space();
        let start = self.pos;
        let rest = self.rest();
        let Some(c) = rest.chars().next() else {
            return Ok((Tok::Eof, Range { start, end: start }));
        };
        let here = |end: usize| Range { start, end };
        if c.is_ascii_digit()
            || (c == '.' && rest.chars().nth(1).is_some_and(|d| d.is_ascii_digit()))
        {
            return self.number(start);
        }
        if c == '_' || c.is_ascii_alphabetic() {
            let len = rest
                .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
                .unwrap_or(rest.len());
            let word = rest.get(..len).unwrap_or_default();
            let after = rest.get(len..).unwrap_or_default();
            let quoted = after.starts_with(['\'', '"']);
            if quoted && matches!(word, "r" | "R") {
                self.pos += len;
                return self.string(start, true);
            }
            if quoted
                && matches!(
                    word,
                    "b" | "B" | "rb" | "rB" | "Rb" | "RB" | "br" | "bR" | "Br" | "BR"
                )
            {
                return Err(unsupported(
                    here(start + len + 1),
                    "bytes literals are not modelled",
                ));
            }
            self.pos += len;
            return Ok((Tok::Ident(word.to_owned()), here(self.pos)));
        }
        if c == '\'' || c == '"' {
            return self.string(start, false);
        }
        for p in PUNCTS {
            if rest.starts_with(p) {
                self.pos += p.len();
                return Ok((Tok::Punct(p), here(self.pos)));
            }
        }
        Err(syntax(
            here(start + c.len_utf8()),
            format!("unexpected character `{c}`"),
        ))
    }

    fn number(&mut self, start: usize) -> Result<(Tok, Range), CelError> {
        let rest = self.rest();
        if let Some(hex) = rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) {
            let len = hex
                .find(|c: char| !c.is_ascii_hexdigit())
                .unwrap_or(hex.len());
            let digits = hex.get(..len).unwrap_or_default();
            let after = hex.get(len..).unwrap_or_default();
            let unsigned = after.starts_with(['u', 'U']);
            self.pos += 2 + len + usize::from(unsigned);
            let range = Range {
                start,
                end: self.pos,
            };
            if digits.is_empty() {
                return Err(syntax(range, "a hexadecimal literal needs digits"));
            }
            return if unsigned {
                u64::from_str_radix(digits, 16)
                    .map(|u| (Tok::Uint(u), range))
                    .map_err(|_| syntax(range, "the unsigned literal is out of range"))
            } else {
                i64::from_str_radix(digits, 16)
                    .map(|i| (Tok::Int(i), range))
                    .map_err(|_| syntax(range, "the integer literal is out of range"))
            };
        }
        let bytes = rest.as_bytes();
        let mut len = 0;
        let digits = |from: usize| {
            bytes
                .get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        len += digits(len);
        let mut double = false;
        if bytes.get(len) == Some(&b'.') && bytes.get(len + 1).is_some_and(u8::is_ascii_digit) {
            double = true;
            len += 1;
            len += digits(len);
        }
        if matches!(bytes.get(len), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(bytes.get(len + 1), Some(b'+' | b'-')));
            let exp = digits(len + 1 + sign);
            if exp > 0 {
                double = true;
                len += 1 + sign + exp;
            }
        }
        let text = rest.get(..len).unwrap_or_default();
        let unsigned = !double && matches!(bytes.get(len), Some(b'u' | b'U'));
        self.pos += len + usize::from(unsigned);
        let range = Range {
            start,
            end: self.pos,
        };
        if double {
            text.parse::<f64>()
                .map(|d| (Tok::Double(d), range))
                .map_err(|_| syntax(range, "the number cannot be read"))
        } else if unsigned {
            text.parse::<u64>()
                .map(|u| (Tok::Uint(u), range))
                .map_err(|_| syntax(range, "the unsigned literal is out of range"))
        } else {
            text.parse::<i64>()
                .map(|i| (Tok::Int(i), range))
                .map_err(|_| syntax(range, "the integer literal is out of range"))
        }
    }

    fn string(&mut self, start: usize, raw: bool) -> Result<(Tok, Range), CelError> {
        let rest = self.rest();
        let quote = if rest.starts_with("'''") {
            "'''"
        } else if rest.starts_with("\"\"\"") {
            "\"\"\""
        } else if rest.starts_with('\'') {
            "'"
        } else {
            "\""
        };
        let triple = quote.len() == 3;
        self.pos += quote.len();
        let mut out = String::new();
        loop {
            let rest = self.rest();
            if rest.starts_with(quote) {
                self.pos += quote.len();
                return Ok((
                    Tok::Str(out),
                    Range {
                        start,
                        end: self.pos,
                    },
                ));
            }
            let mut chars = rest.chars();
            let Some(c) = chars.next() else {
                return Err(syntax(
                    Range {
                        start,
                        end: self.pos,
                    },
                    "the string is not closed",
                ));
            };
            if !triple && (c == '\n' || c == '\r') {
                return Err(syntax(
                    Range {
                        start,
                        end: self.pos,
                    },
                    "the string is not closed on its line",
                ));
            }
            if c != '\\' || raw {
                out.push(c);
                self.pos += c.len_utf8();
                continue;
            }
            let at = self.pos;
            self.pos += 1;
            let Some(e) = chars.next() else {
                continue;
            };
            self.pos += e.len_utf8();
            let bad = |end| {
                syntax(
                    Range { start: at, end },
                    format!("`\\{e}` is not a CEL escape"),
                )
            };
            let simple = match e {
                'a' => Some('\x07'),
                'b' => Some('\x08'),
                'f' => Some('\x0c'),
                'n' => Some('\n'),
                'r' => Some('\r'),
                't' => Some('\t'),
                'v' => Some('\x0b'),
                '\\' | '\'' | '"' | '`' | '?' => Some(e),
                _ => None,
            };
            if let Some(s) = simple {
                out.push(s);
                continue;
            }
            let (radix, len) = match e {
                'x' | 'X' => (16, 2),
                'u' => (16, 4),
                'U' => (16, 8),
                '0'..='3' => (8, 2),
                _ => return Err(bad(self.pos)),
            };
            let digits_from = if radix == 8 { self.pos - 1 } else { self.pos };
            let take = if radix == 8 { 3 } else { len };
            let digits = self.src.get(digits_from..digits_from + take);
            let code = digits.and_then(|d| u32::from_str_radix(d, radix).ok());
            let Some(ch) = code.and_then(char::from_u32) else {
                return Err(bad((digits_from + take).min(self.src.len())));
            };
            self.pos = digits_from + take;
            out.push(ch);
        }
    }
}

/// Parses one expression.
///
/// # Errors
/// The first syntax error, or the first construct outside the modelled language.
pub fn parse(src: &str) -> Result<Expr, CelError> {
    let mut p = Parser {
        lexer: Lexer { src, pos: 0 },
        tok: Tok::Eof,
        range: Range::default(),
        depth: 0,
    };
    p.advance()?;
    if p.tok == Tok::Eof {
        return Err(syntax(p.range, "the expression is empty"));
    }
    let e = p.expr()?;
    if p.tok != Tok::Eof {
        return Err(syntax(p.range, "unexpected text after the expression"));
    }
    Ok(e)
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    tok: Tok,
    range: Range,
    depth: usize,
}

#[allow(
    clippy::unnecessary_box_returns,
    reason = "the one place the tree is boxed"
)]
fn bx(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl Parser<'_> {
    fn advance(&mut self) -> Result<(), CelError> {
        let (t, r) = self.lexer.next()?;
        self.tok = t;
        self.range = r;
        Ok(())
    }

    fn is(&self, p: &str) -> bool {
        matches!(&self.tok, Tok::Punct(q) if *q == p)
    }

    fn eat(&mut self, p: &str) -> Result<bool, CelError> {
        if self.is(p) {
            self.advance()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    fn expect(&mut self, p: &str) -> Result<Range, CelError> {
        if self.is(p) {
            let r = self.range;
            self.advance()?;
            Ok(r)
        } else {
            Err(syntax(
                self.range,
                format!("expected `{p}`{}", self.found()),
            ))
        }
    }

    fn found(&self) -> String {
        match &self.tok {
            Tok::Eof => " but the expression ends".to_owned(),
            Tok::Ident(w) => format!(", found `{w}`"),
            Tok::Punct(p) => format!(", found `{p}`"),
            Tok::Str(_) => ", found a string".to_owned(),
            Tok::Int(_) | Tok::Uint(_) | Tok::Double(_) => ", found a number".to_owned(),
        }
    }

    fn nest(&mut self) -> Result<(), CelError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(unsupported(self.range, "the expression nests too deeply"));
        }
        Ok(())
    }

    fn expr(&mut self) -> Result<Expr, CelError> {
        self.nest()?;
        let c = self.or()?;
        let out = if self.eat("?")? {
            let a = self.or()?;
            self.expect(":")?;
            let b = self.expr()?;
            let range = c.range.to(b.range);
            Expr {
                kind: ExprKind::Cond(bx(c), bx(a), bx(b)),
                range,
            }
        } else {
            c
        };
        self.depth -= 1;
        Ok(out)
    }

    fn binary(op: BinOp, a: Expr, b: Expr) -> Expr {
        let range = a.range.to(b.range);
        Expr {
            kind: ExprKind::Binary(op, bx(a), bx(b)),
            range,
        }
    }

    fn or(&mut self) -> Result<Expr, CelError> {
        let mut e = self.and()?;
        while self.eat("||")? {
            let b = self.and()?;
            e = Self::binary(BinOp::Or, e, b);
        }
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, CelError> {
        let mut e = self.relation()?;
        while self.eat("&&")? {
            let b = self.relation()?;
            e = Self::binary(BinOp::And, e, b);
        }
        Ok(e)
    }

    fn relation(&mut self) -> Result<Expr, CelError> {
        let mut e = self.addition()?;
        loop {
            let op = match &self.tok {
                Tok::Punct("==") => BinOp::Eq,
                Tok::Punct("!=") => BinOp::Ne,
                Tok::Punct("<") => BinOp::Lt,
                Tok::Punct("<=") => BinOp::Le,
                Tok::Punct(">") => BinOp::Gt,
                Tok::Punct(">=") => BinOp::Ge,
                Tok::Ident(w) if w == "in" => BinOp::In,
                _ => return Ok(e),
            };
            self.advance()?;
            let b = self.addition()?;
            e = Self::binary(op, e, b);
        }
    }

    fn addition(&mut self) -> Result<Expr, CelError> {
        let mut e = self.multiplication()?;
        loop {
            let op = match &self.tok {
                Tok::Punct("+") => BinOp::Add,
                Tok::Punct("-") => BinOp::Sub,
                _ => return Ok(e),
            };
            self.advance()?;
            let b = self.multiplication()?;
            e = Self::binary(op, e, b);
        }
    }

    fn multiplication(&mut self) -> Result<Expr, CelError> {
        let mut e = self.unary()?;
        loop {
            let op = match &self.tok {
                Tok::Punct("*") => BinOp::Mul,
                Tok::Punct("/") => BinOp::Div,
                Tok::Punct("%") => BinOp::Rem,
                _ => return Ok(e),
            };
            self.advance()?;
            let b = self.unary()?;
            e = Self::binary(op, e, b);
        }
    }

    fn unary(&mut self) -> Result<Expr, CelError> {
        let start = self.range;
        if self.eat("!")? {
            self.nest()?;
            let e = self.unary()?;
            self.depth -= 1;
            let range = start.to(e.range);
            return Ok(Expr {
                kind: ExprKind::Not(bx(e)),
                range,
            });
        }
        if self.is("-") {
            self.advance()?;
            // `-9223372036854775808` is a literal, not the negation of an overflow.
            if let Tok::Int(_) | Tok::Double(_) | Tok::Uint(_) = self.tok {
                let lit = self.member()?;
                let range = start.to(lit.range);
                let kind = match lit.kind {
                    ExprKind::Int(i) => i.checked_neg().map(ExprKind::Int),
                    ExprKind::Double(d) => Some(ExprKind::Double(-d)),
                    _ => None,
                };
                return Ok(Expr {
                    kind: kind.unwrap_or_else(|| ExprKind::Neg(bx(lit))),
                    range,
                });
            }
            self.nest()?;
            let e = self.unary()?;
            self.depth -= 1;
            let range = start.to(e.range);
            return Ok(Expr {
                kind: ExprKind::Neg(bx(e)),
                range,
            });
        }
        self.member()
    }

    fn member(&mut self) -> Result<Expr, CelError> {
        let mut e = self.primary()?;
        loop {
            if self.eat(".")? {
                let Tok::Ident(name) = self.tok.clone() else {
                    return Err(syntax(
                        self.range,
                        format!("expected a field name{}", self.found()),
                    ));
                };
                let name_range = self.range;
                self.advance()?;
                if self.is("(") {
                    let (args, end) = self.args()?;
                    e = Self::method(e, name, name_range, args, end)?;
                } else {
                    let range = e.range.to(name_range);
                    e = Expr {
                        kind: ExprKind::Select(bx(e), name),
                        range,
                    };
                }
            } else if self.is("[") {
                self.advance()?;
                let i = self.expr()?;
                let end = self.expect("]")?;
                let range = e.range.to(end);
                e = Expr {
                    kind: ExprKind::Index(bx(e), bx(i)),
                    range,
                };
            } else if self.is("{") {
                return Err(unsupported(
                    self.range,
                    "message construction (`Name{...}`) is not modelled",
                ));
            } else {
                return Ok(e);
            }
        }
    }

    fn args(&mut self) -> Result<(Vec<Expr>, Range), CelError> {
        self.expect("(")?;
        let mut args = Vec::new();
        if !self.is(")") {
            loop {
                args.push(self.expr()?);
                if !self.eat(",")? {
                    break;
                }
            }
        }
        let end = self.expect(")")?;
        Ok((args, end))
    }

    fn method(
        target: Expr,
        name: String,
        name_range: Range,
        mut args: Vec<Expr>,
        end: Range,
    ) -> Result<Expr, CelError> {
        let range = target.range.to(end);
        let kind = match name.as_str() {
            "all" => Some(Macro::All),
            "exists" => Some(Macro::Exists),
            "exists_one" => Some(Macro::ExistsOne),
            "map" => Some(Macro::Map),
            "filter" => Some(Macro::Filter),
            _ => None,
        };
        let Some(kind) = kind else {
            return Ok(Expr {
                kind: ExprKind::Call {
                    target: Some(bx(target)),
                    name,
                    name_range,
                    args,
                },
                range,
            });
        };
        let arity_ok = match kind {
            Macro::Map => args.len() == 2 || args.len() == 3,
            _ => args.len() == 2,
        };
        if !arity_ok {
            return Err(syntax(
                name_range,
                format!(
                    "`{name}` takes a variable and {}",
                    if kind == Macro::Map {
                        "one or two expressions"
                    } else {
                        "one expression"
                    }
                ),
            ));
        }
        let Some(ExprKind::Ident(var)) = args.first().map(|a| a.kind.clone()) else {
            let r = args.first().map_or(name_range, |a| a.range);
            return Err(syntax(
                r,
                format!("the first argument of `{name}` must be a simple name"),
            ));
        };
        args.remove(0);
        let mut rest = args.into_iter().map(bx);
        let (predicate, transform) = match (kind, rest.next(), rest.next()) {
            (Macro::Map, Some(t), None) => (None, Some(t)),
            (Macro::Map, Some(p), Some(t)) => (Some(p), Some(t)),
            (_, p, _) => (p, None),
        };
        Ok(Expr {
            kind: ExprKind::Comprehension {
                kind,
                range: bx(target),
                var,
                predicate,
                transform,
            },
            range,
        })
    }

    fn primary(&mut self) -> Result<Expr, CelError> {
        let range = self.range;
        let lit = |kind| Expr { kind, range };
        match self.tok.clone() {
            Tok::Int(i) => {
                self.advance()?;
                Ok(lit(ExprKind::Int(i)))
            }
            Tok::Uint(u) => {
                self.advance()?;
                Ok(lit(ExprKind::Uint(u)))
            }
            Tok::Double(d) => {
                self.advance()?;
                Ok(lit(ExprKind::Double(d)))
            }
            Tok::Str(s) => {
                self.advance()?;
                Ok(lit(ExprKind::Str(s)))
            }
            Tok::Ident(w) => {
                self.advance()?;
                match w.as_str() {
                    "true" => return Ok(lit(ExprKind::Bool(true))),
                    "false" => return Ok(lit(ExprKind::Bool(false))),
                    "null" => return Ok(lit(ExprKind::Null)),
                    "in" => return Err(syntax(range, "`in` needs a value on its left")),
                    _ => {}
                }
                if RESERVED.contains(&w.as_str()) {
                    return Err(syntax(range, format!("`{w}` is a reserved word in CEL")));
                }
                if self.is("(") {
                    let (args, end) = self.args()?;
                    return Self::global(w, range, args, end);
                }
                Ok(lit(ExprKind::Ident(w)))
            }
            Tok::Punct("(") => {
                // The group's range takes in its parentheses, so the text of a clause that
                // ends with one (`a && (b || c)`) is whole.
                let open = self.range;
                self.advance()?;
                let mut e = self.expr()?;
                let close = self.expect(")")?;
                e.range = open.to(close);
                Ok(e)
            }
            Tok::Punct("[") => {
                self.advance()?;
                let mut items = Vec::new();
                while !self.is("]") {
                    items.push(self.expr()?);
                    if !self.eat(",")? {
                        break;
                    }
                }
                let end = self.expect("]")?;
                Ok(Expr {
                    kind: ExprKind::List(items),
                    range: range.to(end),
                })
            }
            Tok::Punct("{") => {
                self.advance()?;
                let mut entries = Vec::new();
                while !self.is("}") {
                    let k = self.expr()?;
                    self.expect(":")?;
                    let v = self.expr()?;
                    entries.push((k, v));
                    if !self.eat(",")? {
                        break;
                    }
                }
                let end = self.expect("}")?;
                Ok(Expr {
                    kind: ExprKind::Map(entries),
                    range: range.to(end),
                })
            }
            Tok::Punct(".") => Err(unsupported(range, "leading-dot names are not modelled")),
            Tok::Eof => Err(syntax(
                range,
                "the expression ends where a value was expected",
            )),
            Tok::Punct(p) => Err(syntax(range, format!("expected a value, found `{p}`"))),
        }
    }

    fn global(
        name: String,
        name_range: Range,
        args: Vec<Expr>,
        end: Range,
    ) -> Result<Expr, CelError> {
        let range = name_range.to(end);
        if name == "has" {
            let mut args = args.into_iter();
            return match (args.next(), args.next()) {
                (
                    Some(Expr {
                        kind: ExprKind::Select(operand, field),
                        ..
                    }),
                    None,
                ) => Ok(Expr {
                    kind: ExprKind::Has(operand, field),
                    range,
                }),
                _ => Err(syntax(
                    range,
                    "`has` takes one field selection, like `has(assertion.email)`",
                )),
            };
        }
        Ok(Expr {
            kind: ExprKind::Call {
                target: None,
                name,
                name_range,
                args,
            },
            range,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(src: &str) -> ExprKind {
        parse(src).unwrap().kind
    }

    #[test]
    fn literals_and_escapes() {
        assert_eq!(kind("'a\\'b'"), ExprKind::Str("a'b".into()));
        assert_eq!(kind("\"\\x41\\u00e9\\101\""), ExprKind::Str("AéA".into()));
        assert_eq!(kind("r'\\d'"), ExprKind::Str("\\d".into()));
        assert_eq!(kind("'''a\nb'''"), ExprKind::Str("a\nb".into()));
        assert_eq!(kind("0x1F"), ExprKind::Int(31));
        assert_eq!(kind("7u"), ExprKind::Uint(7));
        assert_eq!(kind("1.5e1"), ExprKind::Double(15.0));
        assert_eq!(
            kind("-9223372036854775807"),
            ExprKind::Int(-9_223_372_036_854_775_807)
        );
        assert_eq!(kind("null"), ExprKind::Null);
    }

    #[test]
    fn precedence() {
        let e = parse("a.b == 'x' || c && !d").unwrap();
        let ExprKind::Binary(BinOp::Or, l, r) = e.kind else {
            panic!()
        };
        assert!(matches!(l.kind, ExprKind::Binary(BinOp::Eq, _, _)));
        assert!(matches!(r.kind, ExprKind::Binary(BinOp::And, _, _)));
        let e = parse("a ? b : c ? d : e").unwrap();
        assert!(matches!(e.kind, ExprKind::Cond(_, _, _)));
        assert_eq!(
            parse("x in [1, 2]").unwrap().range,
            Range { start: 0, end: 11 }
        );
    }

    #[test]
    fn macros_and_calls() {
        assert!(matches!(kind("has(a.b)"), ExprKind::Has(_, _)));
        assert!(matches!(
            kind("a.exists(x, x == 1)"),
            ExprKind::Comprehension {
                kind: Macro::Exists,
                ..
            }
        ));
        assert!(matches!(kind("a.startsWith('x')"), ExprKind::Call { .. }));
    }

    #[test]
    fn errors_are_located() {
        let e = parse("assertion.sub == ").unwrap_err();
        assert_eq!(e.kind, CelErrorKind::Syntax);
        assert_eq!(e.range.start, 17);
        let e = parse("a == b'x'").unwrap_err();
        assert_eq!(e.kind, CelErrorKind::Unsupported);
        assert_eq!(e.range.start, 5);
        let e = parse("a = 'x'").unwrap_err();
        assert_eq!((e.kind, e.range.start), (CelErrorKind::Syntax, 2));
        assert!(parse("if").is_err());
        assert!(parse("'abc").is_err());
        assert!(parse("has(a)").is_err());
        assert_eq!(
            parse("Foo{a: 1}").unwrap_err().kind,
            CelErrorKind::Unsupported
        );
        assert!(parse(&"(".repeat(500)).is_err());
    }
}
