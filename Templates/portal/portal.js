// Selecting words in a section fills the comment form with that section and the exact words.
// Everything works without this script: the section can be chosen and the words typed.
(function () {
  "use strict";
  // The words the script shows, in the page's language: the proposal carries them (an
  // operator's own templates without them get the English ones).
  function label(name, english) {
    var proposal = document.querySelector(".proposal");
    return (proposal && proposal.getAttribute(name)) || english;
  }
  function sectionOf(node) {
    while (node && node !== document.body) {
      if (node.nodeType === 1 && node.classList.contains("clause")) return node;
      node = node.parentNode;
    }
    return null;
  }
  document.addEventListener("mouseup", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed) return;
    var clause = sectionOf(selection.anchorNode);
    if (!clause || clause !== sectionOf(selection.focusNode)) return;
    if (!selection.anchorNode.parentNode.closest || !selection.anchorNode.parentNode.closest(".text")) return;
    var words = selection.toString().replace(/\s+/g, " ").trim();
    var form = document.getElementById("comment-form");
    if (!words || !form) return;
    document.getElementById("section").value = clause.getAttribute("data-anchor");
    document.getElementById("quote").value = words;
    var button = document.getElementById("comment-on-selection");
    if (!button) {
      button = document.createElement("button");
      button.id = "comment-on-selection";
      button.type = "button";
      button.className = "selection-button";
      button.textContent = label("data-selection-label", "Comment on the selected words");
      button.addEventListener("click", function () {
        form.scrollIntoView();
        document.getElementById("text").focus();
        button.remove();
      });
      document.body.appendChild(button);
    }
    var box = selection.getRangeAt(0).getBoundingClientRect();
    button.style.left = (window.scrollX + box.left) + "px";
    button.style.top = (window.scrollY + box.bottom + 6) + "px";
  });

  // Every paragraph of the text gets a "suggest wording" button, reachable by keyboard: it
  // fills the form with the paragraph's section, its words as the quote (shorten it to the
  // words concerned) and as the proposed change (to edit into the new wording).
  var commentForm = document.getElementById("comment-form");
  if (commentForm) {
    var suggest = label("data-suggest-label", "Suggest wording for this paragraph");
    document.querySelectorAll(".clause > .text").forEach(function (text) {
      var clause = text.parentNode;
      var heading = text.querySelector("h3");
      text.querySelectorAll(":scope > p:not(.untranslated), :scope > ul > li, :scope > ol > li").forEach(function (paragraph) {
        var words = paragraph.textContent.replace(/\s+/g, " ").trim();
        if (!words) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "suggest";
        button.textContent = suggest;
        if (heading) button.setAttribute("aria-describedby", heading.id);
        button.addEventListener("click", function () {
          document.getElementById("section").value = clause.getAttribute("data-anchor");
          document.getElementById("quote").value = words;
          var proposed = document.getElementById("proposed");
          proposed.value = words;
          commentForm.scrollIntoView();
          proposed.focus();
        });
        paragraph.appendChild(document.createTextNode(" "));
        paragraph.appendChild(button);
      });
    });
  }

  // Marks the words each placed comment quotes, so the text shows what was commented on.
  function mark(clause, words, label) {
    var walker = document.createTreeWalker(clause.querySelector(".text"), NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var at = node.data.indexOf(words);
      if (at < 0) continue;
      var range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      var highlight = document.createElement("mark");
      highlight.title = label;
      range.surroundContents(highlight);
      return;
    }
  }
  var quotedBy = label("data-quoted-by", "Quoted by {number}");
  document.querySelectorAll(".clause .comment[data-quote]").forEach(function (comment) {
    mark(comment.closest(".clause"), comment.getAttribute("data-quote"), quotedBy.replace("{number}", comment.getAttribute("data-number")));
  });
})();
