import DeskgymCore
import Foundation

/// The queries one evaluation in the page answers, in order.
struct HTMLQueryPlan {
    /// One query: `kind` is a function of ``script``'s, `argument` its selector or text.
    var queries: [(kind: String, argument: String)] = []

    /// Adds a query and gives the index of its answer.
    mutating func add(_ kind: String, _ argument: String) -> Int {
        queries.append((kind, argument))
        return queries.count - 1
    }

    /// The script: waits for the page's load event (10 s at most, where OSWorld waits for the
    /// network to go idle), then answers each query, null for one that throws (an invalid
    /// selector), as OSWorld's Playwright calls are caught.
    var script: String {
        let list = JSONValue.array(queries.map { .array([.string($0.kind), .string($0.argument)]) })
        let encoded = (try? JSONEncoder().encode(list)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return Self.functions + "(\(encoded))"
    }

    /// Playwright's semantics in the page: CSS queries pierce open shadow roots; XPath keeps
    /// element nodes; `text=` matches case-insensitively with white space collapsed, innermost
    /// elements, skipping `head`, `script`, `style` and `noscript`.
    static let functions = #"""
        (async (queries) => {
          if (document.readyState !== 'complete') {
            await new Promise((done) => { window.addEventListener('load', done, { once: true }); setTimeout(done, 10000); });
          }
          const all = (selector) => {
            const found = [];
            const visit = (root) => {
              for (const element of root.querySelectorAll('*')) {
                if (element.matches(selector)) found.push(element);
                if (element.shadowRoot) visit(element.shadowRoot);
              }
            };
            document.querySelectorAll(selector);
            visit(document);
            return found;
          };
          const xpath = (expression) => {
            const found = [];
            const iterator = document.evaluate(expression, document, null, XPathResult.ORDERED_NODE_ITERATOR_TYPE, null);
            for (let node = iterator.iterateNext(); node; node = iterator.iterateNext()) {
              if (node.nodeType === Node.ELEMENT_NODE) found.push(node);
            }
            return found;
          };
          const text = (element) => (element.textContent || '').trim();
          const normalize = (value) => value.replace(/\s+/g, ' ').trim().toLowerCase();
          const skipped = (element) => ['SCRIPT', 'STYLE', 'NOSCRIPT', 'HEAD'].includes(element.nodeName)
            || (document.head && document.head.contains(element));
          const byText = (needle) => {
            const wanted = normalize(needle);
            const holds = (element) => !skipped(element) && normalize(element.textContent || '').includes(wanted);
            const found = [];
            const visit = (root) => {
              for (const element of root.querySelectorAll('*')) {
                if (holds(element) && !Array.from(element.children).some(holds)) found.push(element);
                if (element.shadowRoot) visit(element.shadowRoot);
              }
            };
            visit(document);
            return found;
          };
          const answer = {
            texts: (selector) => all(selector).map(text),
            directTexts: (selector) => {
              const first = all(selector)[0];
              if (!first) return [];
              return Array.from(first.childNodes).filter((node) => node.nodeType === Node.TEXT_NODE)
                .map((node) => node.textContent.trim()).filter(Boolean);
            },
            childHeadings: (selector) => all(selector).map((element) => element.querySelector('h3'))
              .filter(Boolean).map(text),
            listSpans: (selector) => all(selector + ' li.catAllProducts').map((element) => element.querySelector('span'))
              .filter(Boolean).map((span) => span.innerText.trim()),
            label: (needle) => { const first = byText(needle)[0]; return first ? text(first) : ''; },
            xpathText: (expression) => {
              const first = xpath(expression)[0];
              if (first) return text(first);
              if (expression.startsWith('//') || expression.startsWith('..')) return '';
              try { const fallback = all(expression)[0]; return fallback ? text(fallback) : ''; } catch (error) { return ''; }
            },
            inputValue: (expression) => {
              let element = xpath(expression)[0];
              if (!element) return '';
              if (element.nodeName === 'LABEL' && element.control) element = element.control;
              if (!['INPUT', 'TEXTAREA', 'SELECT'].includes(element.nodeName)) return '';
              return (element.value || '').trim();
            },
          };
          return queries.map(([kind, argument]) => { try { return answer[kind](argument); } catch (error) { return null; } });
        })
        """#
}
