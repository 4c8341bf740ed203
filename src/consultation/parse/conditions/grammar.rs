//! The `show_if` grammar: tokens and a recursive-descent parser into an expression whose atoms
//! keep their positions (byte offsets into the string). Nothing here knows the questions,
//! except how to word "expected … after `==`".
//!
//! ```text
//! expr  := and ("or" and)*
//! and   := unary ("and" unary)*
//! unary := "not" unary | "(" expr ")" | atom
//! atom  := ID "==" VALUE | ID "!=" VALUE | ID "in" "[" ID ("," ID)* "]"
//!        | ID ("<" | "<=" | ">" | ">=") NUMBER
//! ```

use crate::consultation::model::Comparison;

/// A syntax error at a byte offset of the condition.
#[derive(Debug, PartialEq)]
pub(super) struct SyntaxError {
    pub at: usize,
    pub message: String,
}

/// A word (question id, option id, number or keyword) with its byte offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Word<'s> {
    pub text: &'s str,
    pub at: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Op {
    Compare(Comparison),
    In,
}

#[derive(Debug, PartialEq)]
pub(super) struct Atom<'s> {
    pub question: Word<'s>,
    pub op: Op,
    /// Byte offset of the operator.
    pub op_at: usize,
    /// The value of a comparison, or the ids of an `in` list.
    pub values: Vec<Word<'s>>,
    /// Byte offset just past the atom, so `source[question.at..end]` is the atom as written.
    pub end: usize,
}

#[derive(Debug, PartialEq)]
pub(super) enum Expr<'s> {
    Atom(Atom<'s>),
    All(Vec<Expr<'s>>),
    Any(Vec<Expr<'s>>),
    Not(Box<Expr<'s>>),
}

/// What a question's comparisons take, to word "expected … after `==`".
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Expect {
    Option,
    Number,
    Either,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'s> {
    Word(&'s str),
    /// `==`, `!=`, `<`, `<=`, `>`, `>=`.
    Symbol(&'static str),
    Open,
    Close,
    OpenList,
    CloseList,
    Comma,
    End,
}

#[derive(Debug, Clone, Copy)]
struct Token<'s> {
    tok: Tok<'s>,
    at: usize,
    end: usize,
}

const KEYWORDS: [&str; 4] = ["and", "or", "not", "in"];

/// Parses `source`; `expect` tells what a question's values are (by question id).
pub(super) fn parse<'s>(
    source: &'s str,
    expect: &dyn Fn(&str) -> Expect,
) -> Result<Expr<'s>, SyntaxError> {
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        expect,
    };
    let expr = parser.expr()?;
    let next = parser.peek();
    match next.tok {
        Tok::End => Ok(expr),
        Tok::Close => Err(parser.error(next, "unexpected `)`".to_owned())),
        _ => Err(parser.error(
            next,
            format!("expected `and` or `or`, found {}", describe(next.tok)),
        )),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
}

fn tokenize(source: &str) -> Result<Vec<Token<'_>>, SyntaxError> {
    let mut tokens = Vec::new();
    let mut chars = source.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, c)| c);
        let (tok, len) = match (c, next) {
            (c, _) if c.is_whitespace() => continue,
            ('=', Some('=')) => (Tok::Symbol("=="), 2),
            ('!', Some('=')) => (Tok::Symbol("!="), 2),
            ('<', Some('=')) => (Tok::Symbol("<="), 2),
            ('>', Some('=')) => (Tok::Symbol(">="), 2),
            ('<', _) => (Tok::Symbol("<"), 1),
            ('>', _) => (Tok::Symbol(">"), 1),
            ('(', _) => (Tok::Open, 1),
            (')', _) => (Tok::Close, 1),
            ('[', _) => (Tok::OpenList, 1),
            (']', _) => (Tok::CloseList, 1),
            (',', _) => (Tok::Comma, 1),
            (c, _) if is_word_char(c) => {
                let mut end = at + c.len_utf8();
                while let Some(&(i, c)) = chars.peek() {
                    if !is_word_char(c) {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                tokens.push(Token {
                    tok: Tok::Word(&source[at..end]),
                    at,
                    end,
                });
                continue;
            }
            (c, _) => {
                let hint = match c {
                    '=' => " (compare with `==`)",
                    '&' => " (write `and`)",
                    '|' => " (write `or`)",
                    '!' => " (write `not`, or `!=`)",
                    '"' | '\'' => " (write ids without quotes)",
                    _ => "",
                };
                return Err(SyntaxError {
                    at,
                    message: format!("unexpected `{c}`{hint}"),
                });
            }
        };
        if len == 2 {
            chars.next();
        }
        tokens.push(Token {
            tok,
            at,
            end: at + len,
        });
    }
    tokens.push(Token {
        tok: Tok::End,
        at: source.len(),
        end: source.len(),
    });
    Ok(tokens)
}

fn describe(tok: Tok<'_>) -> String {
    match tok {
        Tok::Word(w) => format!("`{w}`"),
        Tok::Symbol(s) => format!("`{s}`"),
        Tok::Open => "`(`".to_owned(),
        Tok::Close => "`)`".to_owned(),
        Tok::OpenList => "`[`".to_owned(),
        Tok::CloseList => "`]`".to_owned(),
        Tok::Comma => "`,`".to_owned(),
        Tok::End => "the end of the condition".to_owned(),
    }
}

struct Parser<'s, 'e> {
    tokens: Vec<Token<'s>>,
    pos: usize,
    expect: &'e dyn Fn(&str) -> Expect,
}

impl<'s> Parser<'s, '_> {
    fn peek(&self) -> Token<'s> {
        self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn bump(&mut self) -> Token<'s> {
        let token = self.peek();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        token
    }

    fn keyword(&mut self, keyword: &str) -> bool {
        if self.peek().tok == Tok::Word(keyword) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn error(&self, token: Token<'_>, message: String) -> SyntaxError {
        SyntaxError {
            at: token.at,
            message,
        }
    }

    fn expr(&mut self) -> Result<Expr<'s>, SyntaxError> {
        let mut parts = vec![self.and()?];
        while self.keyword("or") {
            parts.push(self.and()?);
        }
        Ok(combine(parts, true))
    }

    fn and(&mut self) -> Result<Expr<'s>, SyntaxError> {
        let mut parts = vec![self.unary()?];
        while self.keyword("and") {
            parts.push(self.unary()?);
        }
        Ok(combine(parts, false))
    }

    fn unary(&mut self) -> Result<Expr<'s>, SyntaxError> {
        if self.keyword("not") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.peek().tok == Tok::Open {
            self.bump();
            let inner = self.expr()?;
            let close = self.bump();
            if close.tok != Tok::Close {
                let message = format!("expected `)`, found {}", describe(close.tok));
                return Err(self.error(close, message));
            }
            return Ok(inner);
        }
        self.atom().map(Expr::Atom)
    }

    fn atom(&mut self) -> Result<Atom<'s>, SyntaxError> {
        let token = self.bump();
        let question = match token.tok {
            Tok::Word(text) if !KEYWORDS.contains(&text) => Word { text, at: token.at },
            tok => {
                let message = format!("expected a question id, found {}", describe(tok));
                return Err(self.error(token, message));
            }
        };
        let op_token = self.bump();
        let op = match op_token.tok {
            Tok::Symbol(symbol) => Op::Compare(comparison(symbol)),
            Tok::Word("in") => Op::In,
            tok => {
                let message = format!(
                    "expected `==`, `!=`, `in`, `<`, `<=`, `>` or `>=` after `{}`, found {}",
                    question.text,
                    describe(tok)
                );
                return Err(self.error(op_token, message));
            }
        };
        let expect = (self.expect)(question.text);
        let (values, end) = match op {
            Op::In => self.list()?,
            Op::Compare(c) => {
                let token = self.bump();
                let Tok::Word(text) = token.tok else {
                    let wanted = match (c, expect) {
                        (Comparison::Eq | Comparison::Ne, Expect::Option) => "an option id",
                        (Comparison::Eq | Comparison::Ne, Expect::Either) => {
                            "an option id or a number"
                        }
                        _ => "a number",
                    };
                    let message = format!(
                        "expected {wanted} after `{}`, found {}",
                        symbol(c),
                        describe(token.tok)
                    );
                    return Err(self.error(token, message));
                };
                (vec![Word { text, at: token.at }], token.end)
            }
        };
        Ok(Atom {
            question,
            op,
            op_at: op_token.at,
            values,
            end,
        })
    }

    /// `[a, b, …]` after `in`; the ids and the offset past `]`.
    fn list(&mut self) -> Result<(Vec<Word<'s>>, usize), SyntaxError> {
        let open = self.bump();
        if open.tok != Tok::OpenList {
            let message = format!(
                "expected `[` after `in` (as in `q in [a, b]`), found {}",
                describe(open.tok)
            );
            return Err(self.error(open, message));
        }
        let mut values = Vec::new();
        loop {
            let token = self.bump();
            match token.tok {
                Tok::CloseList if values.is_empty() => {
                    return Err(self.error(token, "the list after `in` is empty".to_owned()));
                }
                Tok::Word(text) => values.push(Word { text, at: token.at }),
                tok => {
                    let message =
                        format!("expected an option id in the list, found {}", describe(tok));
                    return Err(self.error(token, message));
                }
            }
            let token = self.bump();
            match token.tok {
                Tok::Comma => {}
                Tok::CloseList => return Ok((values, token.end)),
                tok => {
                    let message = format!("expected `,` or `]`, found {}", describe(tok));
                    return Err(self.error(token, message));
                }
            }
        }
    }
}

/// One part as itself; several as `Any` (or `All`), with nested ones of the same kind flattened.
fn combine(parts: Vec<Expr<'_>>, any: bool) -> Expr<'_> {
    if parts.len() == 1 {
        return parts.into_iter().next().expect("one part");
    }
    let mut flat = Vec::new();
    for part in parts {
        match part {
            Expr::Any(inner) if any => flat.extend(inner),
            Expr::All(inner) if !any => flat.extend(inner),
            part => flat.push(part),
        }
    }
    if any {
        Expr::Any(flat)
    } else {
        Expr::All(flat)
    }
}

fn comparison(symbol: &str) -> Comparison {
    match symbol {
        "==" => Comparison::Eq,
        "!=" => Comparison::Ne,
        "<" => Comparison::Lt,
        "<=" => Comparison::Le,
        ">" => Comparison::Gt,
        _ => Comparison::Ge,
    }
}

pub(super) fn symbol(c: Comparison) -> &'static str {
    match c {
        Comparison::Eq => "==",
        Comparison::Ne => "!=",
        Comparison::Lt => "<",
        Comparison::Le => "<=",
        Comparison::Gt => ">",
        Comparison::Ge => ">=",
    }
}
