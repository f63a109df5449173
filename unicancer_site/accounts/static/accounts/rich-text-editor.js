// The admin's rich-text editor (django-prose-editor) in the editor's language and within the sanitiser's allowlist.
// The "configurable" preset loads this module (DJANGO_PROSE_EDITOR_EXTENSIONS in the settings) and uses its exports
// in place of the library's extensions of the same name. Own code: the library's menu labels are English only.
import { Extension, Heading as LibraryHeading } from "django-prose-editor/editor"

// A heading of a level the site does not use (pasted from a document) becomes the nearest level it does, as
// core/sanitize.py does on save: an <h1> becomes an <h2> instead of a paragraph.
export const Heading = LibraryHeading.extend({
  parseHTML() {
    const levels = this.options.levels
    const nearest = (level) =>
      levels.reduce((best, allowed) => (Math.abs(allowed - level) < Math.abs(best - level) ? allowed : best))
    return [1, 2, 3, 4, 5, 6].map((level) => ({ tag: `h${level}`, attrs: { level: nearest(level) } }))
  },
})

const MENU_GROUPS = "blockType nodes headings lists marks link textAlign table history utility"

// The menu's buttons and block choices named in the editor's language: `labels` maps each menu item's name
// (heading2, paragraph, bold, table:addRowAfter...) to its label, translated by Django (rich_text.py).
export const MenuLabels = Extension.create({
  name: "menuLabels",
  // The lowest priority: the other extensions have defined their menu items when these are named.
  priority: 1,

  addOptions() {
    return { labels: {}, tableRows: 3, tableColumns: 3 }
  },

  addMenuItems({ buttons, menu }) {
    const { labels, tableRows, tableColumns } = this.options
    if (menu.items("table").some((item) => item.name === "table")) {
      // A table is inserted at once, with a header row (the library asks through a dialog that is English only).
      menu.defineItem({
        name: "table",
        groups: "table",
        command(editor) {
          editor.chain().focus().insertTable({ rows: tableRows, cols: tableColumns, withHeaderRow: true }).run()
        },
        button: buttons.material("grid_on", labels.table || "Insert table"),
      })
    }
    for (const item of menu.items(MENU_GROUPS)) {
      const label = labels[item.name]
      if (!label) continue
      if (item.button) {
        item.button.title = label
        item.button.setAttribute("aria-label", label)
      }
      if (item.option) item.option.textContent = label
    }
  },
})
