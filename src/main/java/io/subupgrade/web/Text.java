package io.subupgrade.web;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A free text field a client sends (a name, a reason): valid Unicode without control or format characters, and
 * {@code min} to {@code max} characters counted as the contract counts them. Null is valid (say {@code @NotNull} or
 * {@code @NotBlank} where the field is required). The rule itself is {@link TextValidator}.
 */
@Documented
@Constraint(validatedBy = TextValidator.class)
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface Text {
    /** The fewest characters (Unicode code points). */
    int min() default 0;

    /** The most characters (Unicode code points), as the contract's {@code maxLength}. */
    int max();

    /** Unused: each violation says what is wrong, in words of its own (see {@link TextValidator}). */
    String message() default "is not valid text";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
