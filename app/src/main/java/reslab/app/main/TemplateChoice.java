package reslab.app.main;

import reslab.engine.zoo.Template;

/** A template as listed in the chooser, with its title in the current language. */
public record TemplateChoice(Template template, String title) {
    public String id() {
        return template.id();
    }

    @Override
    public String toString() {
        return title;
    }
}
